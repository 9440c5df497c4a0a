// Well-known container images that cannot start with platformc's restrictive defaults (runAsNonRoot, a read-only
// root filesystem), each with what it needs, why, and the file that says so. The check that reads this warns
// (PC1010) and names the security preset that fixes it; an image not listed here is assumed to be fine. Each of
// these entrypoints also runs as a non-root --user it was started with, so runAsUser (not 0) with a writable root
// is the other way out.

export interface ImageNeeds {
  /** repository names as written in `image`, without registry, tag or digest (docker.io/library/ is dropped) */
  repositories: string[];
  /** runs-as-root: needs root (and so a writable root); writable-root: runs as its user but writes outside volumes */
  needs: "runs-as-root" | "writable-root";
  why: string;
  /** the image's own user, for running it as that user (runAsUser) with a writable root instead of as root */
  uid?: number;
  source: { repo: string; file: string; commit: string; version: string };
}

export const IMAGES: readonly ImageNeeds[] = [
  {
    repositories: ["postgres"],
    needs: "runs-as-root",
    why: "starts as root, creates and chowns $PGDATA and /var/run/postgresql, then re-executes itself as postgres with gosu",
    // Dockerfile: useradd --uid=999 postgres, no USER; /var/run/postgresql (the socket) is in the image, not a volume
    uid: 999,
    // docker_create_db_directories: mkdir -p /var/run/postgresql; chown postgres when id -u is 0; _main: exec gosu postgres
    source: { repo: "docker-library/postgres", file: "17/bookworm/docker-entrypoint.sh", commit: "2925b19f45ceeb8ab8488eec226f2736abf297e1", version: "17 (bookworm)" },
  },
  {
    repositories: ["mariadb"],
    needs: "runs-as-root",
    why: "starts as root, creates its data and socket directories, then re-executes itself as mysql with gosu",
    // _main: docker_create_db_directories; if id -u is 0: exec gosu mysql "${BASH_SOURCE[0]}"
    source: { repo: "MariaDB/mariadb-docker", file: "11.4/docker-entrypoint.sh", commit: "012f09c4e582a09e5803d3558feb03e87cf50ee5", version: "11.4" },
  },
  {
    repositories: ["nextcloud"],
    needs: "runs-as-root",
    why: "starts as root to run Apache (which drops to www-data), rsyncs the release into /var/www/html with --chown, and writes php conf.d files outside its volume",
    // user=${APACHE_RUN_USER:-www-data} when id -u is 0; rsync -rlDog --chown; > /usr/local/etc/php/conf.d/redis-session.ini
    source: { repo: "nextcloud/docker", file: "31/apache/entrypoint.sh", commit: "2ac1cee212e4bc883effedc5f2146b95d35c4bc2", version: "31 (apache)" },
  },
];

/** The repository part of an image reference: no registry host, tag or digest; docker.io/library/ dropped. */
export function imageRepository(image: string): string {
  let ref = image.split("@")[0]!;
  const slash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  if (colon > slash) ref = ref.slice(0, colon);
  const parts = ref.split("/");
  // A first part with a dot or a port, or localhost, is a registry host (the Docker reference grammar).
  if (parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === "localhost")) parts.shift();
  if (parts[0] === "library" && parts.length === 2) parts.shift();
  return parts.join("/").toLowerCase();
}

export function imageNeeds(image: string): ImageNeeds | undefined {
  const repo = imageRepository(image);
  return IMAGES.find((i) => i.repositories.includes(repo));
}
