/** A handful of line icons (24×24, stroke = currentColor) — not worth an icon library. */
const paths = {
  fleet: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z',
  alert: 'M12 3 2 20h20L12 3zM12 10v4M12 17.5v.5',
  // a plug: two prongs, the body, and the cable
  plug: 'M9 3v4M15 3v4M6 7h12v4a6 6 0 0 1-12 0V7zM12 17v4',
  // a shield with a tick: data that can be trusted
  quality: 'M12 3 4 6v6c0 4.5 3.4 8 8 9 4.6-1 8-4.5 8-9V6l-8-3zM8.5 12l2.5 2.5 4.5-5',
  // a learned trend on its axes: a trained model
  model: 'M4 4v16h16M7 15l3-4 3 2 5-6',
  // a clipboard with a checklist: a work order
  wrench: 'M9 4h6v3H9zM7 5H5v16h14V5h-2M8 12l2 2 4-4M8 17h8',
  // an open book: the failure-mode library
  book: 'M12 6c-2-1.5-5-2-8-2v14c3 0 6 .5 8 2 2-1.5 5-2 8-2V4c-3 0-6 .5-8 2zM12 6v14',
  // a calendar: the maintenance plan
  calendar: 'M4 6h16v14H4zM4 10h16M8 3v5M16 3v5M8 14h4',
  // a tree of boxes: site, lines and assets in the registry
  registry: 'M9 3h6v4H9zM4 17h6v4H4zM14 17h6v4h-6zM12 7v5M7 12h10M7 12v5M17 12v5',
  // a list with numbered lines: a guided procedure
  procedure: 'M9 6h11M9 12h11M9 18h11M4 5h2v3M4 11h2l-2 3h2M4 17h2v3H4',
  // a magnifier over a page: know-how search
  search: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM16 16l5 5',
  // a mortarboard: training
  training: 'M12 4 2 9l10 5 10-5-10-5zM6 11v5c2 2 10 2 12 0v-5M22 9v6',
  // a coin stack with a rising arrow: return on investment
  roi: 'M4 20h16M6 16v4M10 12v8M14 14v6M18 8v12M5 11l5-5 3 3 6-6M15 3h4v4',
  // a lightbulb: lessons
  lesson: 'M9 18h6M10 21h4M12 3a6 6 0 0 0-4 10.5c.7.7 1 1.5 1 2.5h6c0-1 .3-1.8 1-2.5A6 6 0 0 0 12 3z',
};

export type IconName = keyof typeof paths;

export function Icon({ name, size = 20 }: { name: IconName; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={paths[name]} />
    </svg>
  );
}
