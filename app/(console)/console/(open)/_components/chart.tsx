'use client';

import { useEffect, useRef } from 'react';

export interface ChartSpec {
  type: 'bar' | 'line';
  labels: string[];
  datasets: Array<{ label: string; data: number[] }>;
  stacked?: boolean;
  horizontal?: boolean;
}

const COLOURS = ['#1d4e89', '#d97706', '#15803d', '#b91c1c', '#6d28d9'];

/**
 * A chart drawn by Chart.js on a canvas, loaded only by console pages (a dynamic import: the
 * public pages never download it). The canvas is an image named by `title`; the figures are in
 * the table the page prints beside it.
 */
export function Chart({ title, spec }: { title: string; spec: ChartSpec }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void import('chart.js/auto').then(({ default: ChartJs }) => {
      if (cancelled || !canvas.current) return;
      chart = new ChartJs(canvas.current, {
        type: spec.type,
        data: {
          labels: spec.labels,
          datasets: spec.datasets.map((d, i) => ({
            ...d,
            backgroundColor: COLOURS[i % COLOURS.length],
            borderColor: COLOURS[i % COLOURS.length],
          })),
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          indexAxis: spec.horizontal ? 'y' : 'x',
          // Counts: whole-number ticks on the value axis, never 0.5.
          scales: {
            x: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } },
            y: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } },
          },
          plugins: { legend: { display: spec.datasets.length > 1 } },
        },
      });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [spec]);
  return (
    <div className="relative h-64 w-full">
      <canvas ref={canvas} role="img" aria-label={title} />
    </div>
  );
}
