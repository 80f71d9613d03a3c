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
