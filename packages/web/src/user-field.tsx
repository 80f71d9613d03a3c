import { setCurrentUser, useCurrentUser } from './user';

/** "Acting as": the name workflow actions are recorded under (there is no log-in yet). */
export function UserField() {
  const user = useCurrentUser();
  return (
    <label className="user-field small">
      Acting as
      <input
        data-testid="acting-as"
        defaultValue={user}
        onBlur={(e) => e.target.value.trim() && setCurrentUser(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
        aria-label="Your name (recorded on every action)"
      />
    </label>
  );
}
