import fc from "fast-check";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { toYaml, toYamlStream } from "../../src/lib/yaml-writer.js";

type Version = "1.1" | "1.2";

/** ASCII-only test titles: raw line separators and BOMs in titles confuse reporters. */
function show(s: string): string {
  return JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/** Parses one document, failing on any error or warning rather than accepting a lenient reading. */
function parse(text: string, version: Version): unknown {
  const doc = YAML.parseDocument(text, { version, uniqueKeys: true });
  expect(doc.errors.map(String)).toEqual([]);
  expect(doc.warnings.map(String)).toEqual([]);
  return doc.toJS();
}

/** What a YAML reader can give back: -0 has no YAML spelling, undefined entries are dropped or null. */
function normalise(v: unknown): unknown {
  if (Object.is(v, -0)) return 0;
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(normalise);
  if (v !== null && typeof v === "object") {
    // fromEntries defines own properties, so a "__proto__" key stays a key.
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, normalise(x)]),
    );
  }
  return v;
}

function expectRoundTrip(v: unknown): void {
  const text = toYaml(v);
  expect(text.endsWith("\n")).toBe(true);
  const want = normalise(v);
  expect(parse(text, "1.2")).toEqual(want);
  expect(parse(text, "1.1")).toEqual(want);
}

describe("toYaml golden output", () => {
  it("writes a Deployment the way YAML.stringify lays it out", () => {
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {
        name: "web",
        namespace: "prod",
        labels: { "app.kubernetes.io/name": "web", tier: "frontend" },
        annotations: {},
      },
      spec: {
        replicas: 3,
        selector: { matchLabels: { "app.kubernetes.io/name": "web" } },
        template: {
          metadata: { labels: { "app.kubernetes.io/name": "web" } },
          spec: {
            containers: [
              {
                name: "web",
                image: "registry.example.com/web:1.25.3",
                args: ["serve", "--port=8080"],
                ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
                env: [
                  { name: "FEATURE_X", value: "on" },
                  { name: "RATIO", value: "0.5" },
                  { name: "UNSET", value: undefined },
                ],
                resources: { limits: { cpu: "500m", memory: "512Mi" } },
                readinessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 10 },
              },
            ],
            volumes: [],
            nodeSelector: null,
          },
        },
      },
    };
    const want = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
  labels:
    app.kubernetes.io/name: web
    tier: frontend
  annotations: {}
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.25.3
          args:
            - serve
            - "--port=8080"
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          env:
            - name: FEATURE_X
              value: "on"
            - name: RATIO
              value: "0.5"
            - name: UNSET
          resources:
            limits:
              cpu: 500m
              memory: 512Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 10
      volumes: []
      nodeSelector: null
`;
    expect(toYaml(deployment)).toBe(want);
    expectRoundTrip(deployment);
  });

  it("nests lists of lists compactly and writes empty collections inline", () => {
    const v = { m: [[1, 2], [[]], [{}], [[3, [4]]], [{ a: [], b: {} }], []], e: {} };
    const want = `m:
  - - 1
    - 2
  - - []
  - - {}
  - - - 3
      - - 4
  - - a: []
      b: {}
  - []
e: {}
`;
    expect(toYaml(v)).toBe(want);
    expectRoundTrip(v);
  });

  it("writes root scalars and empty roots on one line", () => {
    expect(toYaml({})).toBe("{}\n");
    expect(toYaml([])).toBe("[]\n");
    expect(toYaml({ gone: undefined })).toBe("{}\n");
    expect(toYaml(null)).toBe("null\n");
    expect(toYaml(undefined)).toBe("null\n");
    expect(toYaml("x")).toBe("x\n");
    expect(toYaml(true)).toBe("true\n");
    expect(toYaml(42)).toBe("42\n");
    expect(toYaml(["a", null, undefined, false])).toBe("- a\n- null\n- null\n- false\n");
  });

  it("keeps insertion order and skips undefined entries", () => {
    expect(toYaml({ z: 1, a: undefined, m: 2 })).toBe("z: 1\nm: 2\n");
    expect(toYaml([{ a: undefined, b: 1 }])).toBe("- b: 1\n");
  });
});

describe("toYaml string quoting", () => {
  // Each of these is a null, bool, number, timestamp or syntax to some YAML 1.1 or 1.2 reader.
  const quoted: Array<[string, string]> = [
    ["yes", '"yes"'],
    ["No", '"No"'],
    ["on", '"on"'],
    ["OFF", '"OFF"'],
    ["y", '"y"'],
    ["N", '"N"'],
    ["true", '"true"'],
    ["False", '"False"'],
    ["null", '"null"'],
    ["NULL", '"NULL"'],
    ["~", '"~"'],
    ["", '""'],
    ["1", '"1"'],
    ["1.0", '"1.0"'],
    [".5", '".5"'],
    ["1e3", '"1e3"'],
    ["e7", '"e7"'],
    ["-1", '"-1"'],
    ["+1", '"+1"'],
    ["0x1f", '"0x1f"'],
    ["0o17", '"0o17"'],
    ["0b101", '"0b101"'],
    ["0777", '"0777"'],
    ["1_000", '"1_000"'],
    ["1:20", '"1:20"'],
    [".inf", '".inf"'],
    ["-.Inf", '"-.Inf"'],
    [".NaN", '".NaN"'],
    [".", '"."'],
    ["2001-12-14", '"2001-12-14"'],
    ["2001-12-14t21:59:43.10-05:00", '"2001-12-14t21:59:43.10-05:00"'],
    ["2001-12-14 21:59:43.10 -5", '"2001-12-14 21:59:43.10 -5"'],
    [" a", '" a"'],
    ["a ", '"a "'],
    ["a: b", '"a: b"'],
    ["a:", '"a:"'],
    ["#x", '"#x"'],
    ["a #b", '"a #b"'],
    ["-", '"-"'],
    ["- a", '"- a"'],
    ["---", '"---"'],
    ["...", '"..."'],
    ["*a", '"*a"'],
    ["&a", '"&a"'],
    ["!tag", '"!tag"'],
    ["?", '"?"'],
    [":x", '":x"'],
    ["[a]", '"[a]"'],
    ["{a}", '"{a}"'],
    ["|", '"|"'],
    [">", '">"'],
    ["'a'", "\"'a'\""],
    ['"a"', '"\\"a\\""'],
    ["%x", '"%x"'],
    ["@x", '"@x"'],
    ["`x", '"`x"'],
    ["<<", '"<<"'],
    ["=", '"="'],
    ["a\tb", '"a\\tb"'],
    ["\u00a0a", '"\u00a0a"'],
    // Raw, these are forbidden in a YAML stream or are line breaks to YAML 1.1.
    ["a\u0085b", '"a\\u0085b"'],
    ["a\u2028b", '"a\\u2028b"'],
    ["\ufeffa", '"\\ufeffa"'],
    ["a\u007fb", '"a\\u007fb"'],
    ["a\ufffe", '"a\\ufffe"'],
  ];
  it.each(quoted.map(([s, want]) => ({ s, want, title: show(s) })))(
    "quotes $title as a value and as a key",
    ({ s, want }) => {
      expect(toYaml({ k: s })).toBe(`k: ${want}\n`);
      expect(toYaml({ [s]: 1 })).toBe(`${want}: 1\n`);
      expect(toYaml([s])).toBe(`- ${want}\n`);
      expectRoundTrip({ v: s, [s]: [s] });
    },
  );

  // Quoting these would be correct but unfamiliar in Kubernetes manifests.
  const plain = [
    "web",
    "512Mi",
    "100m",
    "30s",
    "nginx:1.25",
    "apps/v1",
    "app.kubernetes.io/name",
    "10.0.0.0/8",
    "http://example.com/a#b",
    "a:b",
    "a b c",
    "it's",
    "yesterday",
    "nullable",
    "café",
    "日本語",
    "😀 ok",
    ".gitignore",
  ];
  it.each(plain.map((s) => ({ s, title: show(s) })))("leaves $title unquoted", ({ s }) => {
    expect(toYaml({ k: s })).toBe(`k: ${s}\n`);
    expect(toYaml({ [s]: 1 })).toBe(`${s}: 1\n`);
    expectRoundTrip({ v: s, [s]: [s] });
  });

  it("writes multi-line text as literal blocks with the right chomping", () => {
    const v = {
      script: "#!/bin/sh\nset -e\n\n  exec app --flag\n",
      noEol: "a\nb",
      list: ["x\ny"],
      nested: { deeper: "line 1\nline 2" },
    };
    const want = `script: |
  #!/bin/sh
  set -e

    exec app --flag
noEol: |-
  a
  b
list:
  - |-
    x
    y
nested:
  deeper: |-
    line 1
    line 2
`;
    expect(toYaml(v)).toBe(want);
    expectRoundTrip(v);
  });

  it("indents a root literal block so '---' content cannot end the document", () => {
    const s = "a\n---\n...\nb";
    expect(toYaml(s)).toBe("|-\n  a\n  ---\n  ...\n  b\n");
    expectRoundTrip(s);
  });

  // A literal block cannot reproduce these exactly, so they fall back to JSON escapes.
  it.each(
    [
      ["\n", '"\\n"'],
      ["a\n\n", '"a\\n\\n"'],
      ["a \nb", '"a \\nb"'],
      ["a\nb ", '"a\\nb "'],
      [" a\nb", '" a\\nb"'],
      ["\n a", '"\\n a"'],
      ["a\tb\nc", '"a\\tb\\nc"'],
      ["a\r\nb", '"a\\r\\nb"'],
      ["a\u2028b\nc", '"a\\u2028b\\nc"'],
    ].map(([s, want]) => ({ s: s as string, want: want as string, title: show(s as string) })),
  )("double-quotes multi-line $title", ({ s, want }) => {
    expect(toYaml({ k: s })).toBe(`k: ${want}\n`);
    expectRoundTrip({ k: s });
  });

  it("double-quotes multi-line keys", () => {
    expect(toYaml({ "a\nb": 1 })).toBe('"a\\nb": 1\n');
    expectRoundTrip({ "a\nb": 1 });
  });

  it("uses an explicit key for keys too long to be implicit", () => {
    const long = "k".repeat(1500);
    const v = { [long]: { a: 1 }, short: [{ [long]: "x" }] };
    expect(toYaml({ [long]: 1 })).toBe(`? ${long}\n: 1\n`);
    expectRoundTrip(v);
  });

  it("round-trips unicode and emoji unquoted", () => {
    const v = { ключ: "значение", "emoji😀": "👍🏽 family: 👨‍👩‍👧", combining: "e\u0301" };
    expect(toYaml(v)).toBe('ключ: значение\nemoji😀: "👍🏽 family: 👨‍👩‍👧"\ncombining: e\u0301\n');
    expectRoundTrip(v);
  });
});

describe("toYaml numbers and invalid input", () => {
  it("writes numbers every reader takes as the same float", () => {
    expect(toYaml([0, -0, 7, -7, 0.1, 1e21, 1.5e-7, 5e-324, 2 ** 53])).toBe(
      "- 0\n- 0\n- 7\n- -7\n- 0.1\n- 1.0e+21\n- 1.5e-7\n- 5.0e-324\n- 9007199254740992\n",
    );
    expectRoundTrip([1e21, 5e-324, -1.7976931348623157e308, 123456789012345680000]);
  });

  it.each([NaN, Infinity, -Infinity])("throws TypeError for %s", (n) => {
    expect(() => toYaml({ a: [n] })).toThrow(TypeError);
  });

  it.each([
    ["a Date", new Date(0)],
    ["a Map", new Map()],
    ["a class instance", new (class Point {})()],
    ["a bigint", 1n],
    ["a function", () => 1],
    ["a symbol", Symbol("s")],
  ])("throws TypeError for %s", (_, bad) => {
    expect(() => toYaml({ a: bad })).toThrow(TypeError);
  });

  it("accepts null-prototype objects", () => {
    const o = Object.create(null) as Record<string, unknown>;
    o.a = 1;
    expect(toYaml(o)).toBe("a: 1\n");
  });

  it("throws TypeError on circular input and recovers for the next call", () => {
    const o: Record<string, unknown> = { a: 1 };
    o.self = o;
    const arr: unknown[] = [];
    arr.push(arr);
    expect(() => toYaml(o)).toThrow(TypeError);
    expect(() => toYaml(arr)).toThrow(TypeError);
    expect(toYaml({ ok: [1] })).toBe("ok:\n  - 1\n");
  });
});

// Strings built from pieces that sit on the plain/quoted boundary of one YAML version or the other.
const FRAGMENTS = [
  ...["yes", "No", "ON", "off", "y", "N", "~", "null", "True", "inf", "nan", "e", "E", "T", "Z", "t", "x", "o", "b"],
  ...["0", "1", "7", "9", "0x", "0o", "0b", "1_0", "12:30", "2001-12-14", ".", "_", "+", "-", "e7", "1e3"],
  ...[":", " ", "#", "?", "!", "&", "*", "|", ">", "'", '"', "%", "@", "`", "[", "]", "{", "}", ",", "<<", "="],
  ...["\n", "\t", "\r", "\\", "/", "---", "...", "a", "Mi", "m"],
  ...["\u00a0", "\u0085", "\u2028", "\u2029", "\ufeff", "\ufffe", "\u007f", "\u0080", "é", "😀", "👨‍👩‍👧", "e\u0301"],
];
const trickyString = fc.oneof(
  fc.string({ unit: fc.constantFrom(...FRAGMENTS), maxLength: 6 }),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
);
const trickyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    trickyString,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    tie("array"),
    tie("object"),
  ),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(trickyString, tie("value"), { maxKeys: 4 }),
})).value;

describe("toYaml round-trips through YAML 1.2 and YAML 1.1 readers", () => {
  it("for JSON values with unicode strings", () => {
    fc.assert(fc.property(fc.jsonValue({ stringUnit: "grapheme" }), expectRoundTrip), { numRuns: 500 });
  });

  it("for JSON values with arbitrary code points", () => {
    fc.assert(fc.property(fc.jsonValue({ stringUnit: "binary" }), expectRoundTrip), { numRuns: 500 });
  });

  it("for nested values whose keys and strings straddle the quoting rules", () => {
    fc.assert(fc.property(trickyValue, expectRoundTrip), { numRuns: 500 });
  });

  it("matches YAML.stringify's layout for data that needs no quoting", () => {
    const word = fc
      .stringMatching(/^[a-z][a-z0-9./-]{0,10}$/)
      // the words the writer quotes on purpose (RESERVED_WORD in src/lib/yaml-writer.ts), where YAML.stringify does not
      .filter((s) => !/^(?:y|n|yes|no|on|off|true|false|null|e[-+]?\d+|inf|nan|infinity)$/.test(s));
    const plainValue = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        word,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        tie("array"),
        tie("object"),
      ),
      array: fc.array(tie("value"), { maxLength: 4 }),
      object: fc.dictionary(word, tie("value"), { maxKeys: 4 }),
    })).value;
    fc.assert(
      fc.property(plainValue, (v) => {
        expect(toYaml(v)).toBe(YAML.stringify(v));
      }),
      { numRuns: 300 },
    );
  });
});

describe("toYamlStream", () => {
  it("puts the header once at the top and separates documents with ---", () => {
    const docs = [{ kind: "Namespace", metadata: { name: "a" } }, ["x", "y\nz"], "yes", null, {}];
    const text = toYamlStream(docs, "Generated by platformc.\n\nDo not edit.");
    expect(text).toBe(
      "# Generated by platformc.\n#\n# Do not edit.\n" +
        "kind: Namespace\nmetadata:\n  name: a\n" +
        "---\n- x\n- |-\n  y\n  z\n" +
        '---\n"yes"\n' +
        "---\nnull\n" +
        "---\n{}\n",
    );
    for (const version of ["1.1", "1.2"] as const) {
      const parsed = YAML.parseAllDocuments(text, { version });
      expect(parsed.flatMap((d) => d.errors)).toEqual([]);
      expect(parsed.map((d) => d.toJS())).toEqual(docs);
    }
  });

  it("keeps a comment line break from YAML 1.1 out of the data", () => {
    const text = toYamlStream([{ a: 1 }], "one\u2028two\r\nthree");
    expect(text).toBe("# one\n# two\n# three\na: 1\n");
  });

  it("rejects control characters in the header", () => {
    expect(() => toYamlStream([], "bad\u0000header")).toThrow(TypeError);
  });

  it("writes only the header, or nothing, for no documents", () => {
    expect(toYamlStream([], "hdr")).toBe("# hdr\n");
    expect(toYamlStream([])).toBe("");
    expect(YAML.parseAllDocuments(toYamlStream([], "hdr"))).toHaveLength(0);
  });

  it("parses back to the same documents for arbitrary values", () => {
    fc.assert(
      fc.property(
        fc.array(trickyValue, { maxLength: 5 }),
        fc.option(fc.string(), { nil: undefined }),
        (docs, header) => {
          const text = toYamlStream(docs, header?.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ""));
          for (const version of ["1.1", "1.2"] as const) {
            const parsed = YAML.parseAllDocuments(text, { version });
            expect(parsed.flatMap((d) => [...d.errors, ...d.warnings]).map(String)).toEqual([]);
            expect(parsed.map((d) => d.toJS())).toEqual(docs.map(normalise));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
