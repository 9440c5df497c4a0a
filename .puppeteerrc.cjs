// Puppeteer (pulled in by @mermaid-js/mermaid-cli for `platformc render`) must never download its own
// Chrome: the machines this runs on have no network for it. Rendering uses the system Chromium instead.
module.exports = { skipDownload: true };
