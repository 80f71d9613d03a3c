/** Pieces the training pages share: the page head with the acting person and the switch between the views. */
import type { ReactNode } from 'react';
import { UserField } from './user-field';

/** The head of the trainee and instructor pages: title, a line about the view, who acts, and a link to the other view. */
export function TrainingHead({
  title,
  loading,
  other,
  children,
}: {
  title: string;
  loading: boolean;
  other: { href: string; label: string };
  children: ReactNode;
}) {
  return (
    <div className="page-head">
      <div>
        <h1>{title}</h1>
        <div className="page-sub">
          {children}
          {loading && <span className="refreshing"> · refreshing…</span>}
        </div>
      </div>
      <div className="tr-head-side">
        <UserField />
        <a className="btn btn-ghost tr-btn" href={other.href}>
          {other.label}
        </a>
      </div>
    </div>
  );
}

/** The skills a scenario exercises, as chips. */
export function SkillChips({ skills }: { skills: readonly string[] }) {
  return (
    <div className="tr-chips">
      {skills.map((k) => (
        <span key={k} className="tr-chip">
          {k}
        </span>
      ))}
    </div>
  );
}
