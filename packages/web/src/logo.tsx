/** The Prognos mark: a pulse trace on a teal-to-blue tile (same drawing as the favicon). */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="logo-mark">
      <defs>
        <linearGradient id="prognos-logo-g" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#14b8a6" />
          <stop offset="1" stopColor="#2563eb" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill="url(#prognos-logo-g)" />
      <path
        d="M5 19h5l3-8 5 13 3-7h6"
        fill="none"
        stroke="white"
        strokeWidth="2.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export function Logo() {
  return (
    <a className="logo" href="#/" aria-label="Prognos — fleet overview">
      <LogoMark />
      <span className="logo-text">Prognos</span>
    </a>
  );
}
