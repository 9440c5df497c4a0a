// The shape of what platformc knows about a component it wires (a chart, a CNI, a controller): data only, each
// fact with the version range it holds for and the source it was read from, so a fact can be checked and updated.

/** [from, until): a component version range; either bound may be open. */
export interface VersionRange {
  from?: string;
  until?: string;
}

/** The API version a kind is served at, per range of the component's version: the first range that holds wins. */
export interface ServedKind {
  group: string;
  kind: string;
  served: Array<{ range: VersionRange; version: string }>;
}

export interface Component {
  name: string;
  /** the Helm charts that install it: a spec service whose chart matches one is this component */
  charts: Array<{ repo: string; name: string }>;
  /** the versions of the component the facts below were checked against */
  known: VersionRange;
  kinds: ServedKind[];
  /** where each fact comes from: release notes, the chart, the CRDs in the source tree */
  sources: string[];
}
