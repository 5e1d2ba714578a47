import { useId, useState } from 'react';

/** Search by the prefix of a username or email; an empty search lists everyone. */
export function UserSearch({ onSearch }: { onSearch: (text: string) => void }) {
  const [text, setText] = useState('');
  const id = useId();
  return (
    <form
      role="search"
      className="inline"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(text.trim());
      }}
    >
      <div className="field">
        <label htmlFor={id}>Search users</label>
        <input id={id} type="search" maxLength={320} placeholder="Username or email prefix" value={text} onChange={(event) => setText(event.target.value)} />
      </div>
      <button type="submit">Search</button>
    </form>
  );
}
