// Random valid platforms whose free text is hostile to Mermaid and Markdown. Names are DNS-1123 labels and
// cannot carry such characters, but descriptions, purposes, flow labels, chart names and versions, the Git
// repository, GPU models and images can, and all of them reach the docs.
import fc from "fast-check";
import { planArb, specFromPlan, type Plan } from "../support/arbitrary.js";

/** Pieces that mean something to Mermaid's lexers, to HTML labels, to KaTeX or to Markdown. */
export const HOSTILE_PIECES = [
  '"', "'", "#", "<", ">", "[", "]", "{", "}", "(", ")", "|", "&", ";", ":", "%%", "$$", "$", "`", "```", "\\", "*", "_", "~",
  "-->", "---", "==>", "-.->", "~~~", "end", "subgraph", "flowchart", "click", "style x fill:#f00;", "classDef a fill:#0f0;",
  "#quot;", "#35;", "&amp;", "&lt;", "<br/>", "<b>bold</b>", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
  "@{ shape: rect }", ":::cls", "%%{init: {}}%%", "\n", "\r\n", "\t", "\u0000", "\u2028", "\u200b", "\u202e",
  "🦄", "👩‍💻", "Zürich", "日本語", "عربى", "e\u0301",
] as const;

export const hostileText: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PIECES) }, { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }) }), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(""));

/** The same as hostileText, never empty (fields with minLength 1) and without whitespace (images). */
const nonEmpty = hostileText.map((s) => `x${s}`);
const noSpace = hostileText.map((s) => `img${s.replace(/\s/g, "")}`);

export const hostileArb = fc.record({
  plan: planArb,
  texts: fc.array(hostileText, { minLength: 12, maxLength: 12 }),
  words: fc.array(nonEmpty, { minLength: 4, maxLength: 4 }),
  image: noSpace,
});

/** A valid spec from the random plan, with hostile text in every free-text field the docs show. */
export function hostileSpec(h: { plan: Plan; texts: string[]; words: string[]; image: string }): any {
  const spec = specFromPlan(h.plan);
  let i = 0;
  const next = (): string => h.texts[i++ % h.texts.length]!;
  spec.platform.description = next();
  spec.networks[0].description = next();
  for (const ns of spec.namespaces) ns.purpose = next();
  for (const s of spec.services) {
    s.description = next();
    for (const f of s.flows ?? []) f.label = next();
    if (s.image) s.image = `registry.example.com/${h.image}`;
  }
  const c0 = spec.clusters[0];
  c0.gitops = {
    tool: "flux",
    repo: `https://git.example.com/${h.words[0]}`,
    layers: [
      { name: "infra", description: next() },
      { name: "apps", dependsOn: ["infra"], description: next() },
    ],
  };
  c0.nodes[c0.nodes.length - 1].gpus = [{ vendor: "nvidia", model: h.words[1] }];
  spec.namespaces.push({ name: "charts", cluster: c0.name, purpose: next(), layer: "infra" });
  spec.services.push({
    name: "chart",
    namespace: "charts",
    cluster: c0.name,
    kind: "helm",
    description: next(),
    chart: { repo: "https://charts.example.com", name: h.words[2], version: h.words[3] },
  });
  const target = spec.services.find((s: any) => s.cluster === c0.name && s.kind !== "bundled" && s.kind !== "helm" && s.ports?.length);
  spec.externals = [
    {
      name: "outside",
      description: next(),
      address: "192.168.200.10",
      ...(target ? { flows: [{ to: `${c0.name}/${target.namespace}/${target.name}`, port: target.ports[0].port, label: next() }] } : {}),
    },
  ];
  return spec;
}
