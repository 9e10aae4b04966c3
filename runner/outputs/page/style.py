"""The report page's inline style sheet: system fonts, light and dark, print."""

CSS = """
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --card: #f6f8fa;
  --passed: #1a7f37; --failed: #cf222e; --in_progress: #9a6700; --outstanding: #8c959f;
  --blocked: #8250df; --skipped: #0969da; --unknown: #6e7781;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --card: #151b23;
    --passed: #3fb950; --failed: #f85149; --in_progress: #d29922; --outstanding: #6e7681;
    --blocked: #a371f7; --skipped: #4493f8; --unknown: #8b949e;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0 auto; max-width: 72rem; padding: 1.5rem; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
}
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 0 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
a { color: inherit; }
.meta, .note, caption, .when { color: var(--muted); }
caption { text-align: left; padding: .25rem 0; }
section.plan {
  border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem;
  margin: 1.5rem 0; background: var(--card); break-inside: avoid-page;
}
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem;
  border-bottom: 1px solid var(--line); }
thead th { border-bottom: 2px solid var(--line); white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.bar {
  display: flex; height: .9rem; min-width: 10rem; border-radius: 4px; overflow: hidden;
  border: 1px solid var(--line); background: var(--bg);
  print-color-adjust: exact; -webkit-print-color-adjust: exact;
}
.bar span { display: block; height: 100%; }
.bar span + span { border-left: 1px solid var(--bg); }
.st { white-space: nowrap; }
.st .sym { display: inline-block; width: 1.1em; text-align: center; font-weight: bold; }
.s-passed { --c: var(--passed); } .s-failed { --c: var(--failed); }
.s-in_progress { --c: var(--in_progress); } .s-outstanding { --c: var(--outstanding); }
.s-blocked { --c: var(--blocked); } .s-skipped { --c: var(--skipped); }
.s-unknown { --c: var(--unknown); }
.st .sym, .strip li { color: var(--c); }
.bar span { background: var(--c); }
.legend { list-style: none; padding: 0; margin: .3rem 0; display: flex; flex-wrap: wrap;
  gap: .25rem 1rem; font-size: .9rem; }
.strip { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 2px; }
.strip li {
  width: 1.4rem; height: 1.4rem; line-height: 1.4rem; text-align: center; font-weight: bold;
  border: 1px solid currentColor; border-radius: 3px;
}
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
svg.burnup { width: 100%; max-width: 720px; height: auto; display: block; }
svg.burnup text { fill: var(--muted); font-size: 11px; }
svg.burnup .grid { stroke: var(--line); stroke-width: 1; }
svg.burnup .axis { stroke: var(--muted); stroke-width: 1; }
svg.burnup .total { stroke: var(--muted); stroke-width: 2; fill: none; stroke-dasharray: 6 4; }
svg.burnup .done { stroke: var(--passed); stroke-width: 2.5; fill: none; }
svg.burnup .done-dot { fill: var(--passed); }
pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px;
  padding: .5rem .75rem; overflow-x: auto; font-size: .85rem; white-space: pre-wrap; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
.journal ul { margin: .2rem 0; }
.error { color: var(--failed); font-weight: bold; }
@media print {
  :root { --bg: #fff; --fg: #000; --card: #fff; color-scheme: light; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  section.plan { break-before: page; border: none; padding: 0; }
  a { text-decoration: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .keep { break-inside: avoid; page-break-inside: avoid; }
}
"""
