// The per-version usage chart (uPlot on a canvas): operations and ciphertexts produced for each key version. The
// canvas is described by its aria-label and the versions table beside it carries the same numbers.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { html } from './html.js';

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

export function UsageChart({ versions }) {
  const box = useRef();
  useEffect(() => {
    const el = box.current;
    if (!el || versions.length === 0) return;
    const x = versions.map((v) => v.KeyVersion);
    const ops = versions.map((v) => (v.OperationCounts ?? []).reduce((n, c) => n + Number(c.Count ?? 0), 0));
    const produced = versions.map((v) => Number(v.CiphertextsProduced ?? 0));
    const opts = {
      width: Math.max(280, el.clientWidth), height: 220,
      scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] } },
      axes: [
        { label: 'Key version', stroke: css('--fg'), grid: { stroke: css('--grid') }, incrs: [1], values: (_u, vals) => vals.map((v) => (Number.isInteger(v) ? String(v) : '')) },
        { label: 'Count', stroke: css('--fg'), grid: { stroke: css('--grid') } },
      ],
      series: [
        { label: 'Version' },
        { label: 'Operations', stroke: css('--accent'), fill: css('--accent-soft'), paths: uPlot.paths.bars({ size: [0.5] }), points: { show: false } },
        { label: 'Ciphertexts produced', stroke: css('--accent-2'), width: 2, points: { show: true, size: 7 } },
      ],
    };
    const plot = new uPlot(opts, [x, ops, produced], el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height: 220 }));
    resize.observe(el);
    return () => (resize.disconnect(), plot.destroy());
  }, [versions]);
  const total = versions.map((v) => `version ${v.KeyVersion}: ${(v.OperationCounts ?? []).reduce((n, c) => n + Number(c.Count ?? 0), 0)} operations`).join('; ');
  return html`<div class="chart" ref=${box} role="img" aria-label=${`Usage by key version: ${total}`}></div>`;
}
