// Small shared pieces of the pages: errors in words, busy buttons, the simulated badge, tabs.
import { useRef, useState } from 'react';

/** An error shown in words, announced to screen readers. */
export function ErrorText({ error }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error.message || String(error)}
    </p>
  );
}

/** A button that runs an async action, disables itself meanwhile and reports failures to onError. */
export function ActionButton({ action, onError, children, ...rest }) {
  const [busy, setBusy] = useState(false);
  async function click() {
    setBusy(true);
    onError && onError(null);
    try {
      await action();
    } catch (e) {
      if (onError) onError(e);
      else throw e;
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" {...rest} disabled={busy || rest.disabled} aria-busy={busy} onClick={click}>
      {children}
    </button>
  );
}

/** The badge every page and every result carries while the enclave may be simulated. */
export function SimulatedBadge({ show }) {
  if (!show) return null;
  return (
    <strong className="badge-simulated" role="note" title="The enclave runs on a simulated TEE: nothing is protected by hardware">
      SIMULATED — NOT CONFIDENTIAL
    </strong>
  );
}

/** Tabs (WAI-ARIA tabs pattern): arrow keys move between them, Enter/Space or click selects. */
export function Tabs({ tabs, selected, onSelect, label }) {
  const refs = useRef({});
  function key(e, i) {
    let next = null;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    if (e.key === 'Home') next = 0;
    if (e.key === 'End') next = tabs.length - 1;
    if (next !== null) {
      e.preventDefault();
      onSelect(tabs[next].id);
      refs.current[tabs[next].id]?.focus();
    }
  }
  return (
    <div role="tablist" aria-label={label} className="tabs">
      {tabs.map((t, i) => (
        <button
          key={t.id}
          id={`tab-${t.id}`}
          ref={(el) => (refs.current[t.id] = el)}
          role="tab"
          type="button"
          aria-selected={selected === t.id}
          aria-controls={`panel-${t.id}`}
          tabIndex={selected === t.id ? 0 : -1}
          onClick={() => onSelect(t.id)}
          onKeyDown={(e) => key(e, i)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

/** A hash shortened for display, whole in the title and for copying. */
export function Hash({ value }) {
  if (!value) return <span>—</span>;
  return (
    <code className="hash" title={value}>
      {value.slice(0, 12)}…
    </code>
  );
}

/** A time in the reader's locale. */
export function Time({ value }) {
  if (!value) return <span>—</span>;
  const d = typeof value === 'number' ? new Date(value) : new Date(value);
  return <time dateTime={d.toISOString()}>{d.toLocaleString()}</time>;
}

/** A decision state in words. */
export function Decision({ value }) {
  const text = value === 'approved' ? 'approved' : value === 'rejected' ? 'rejected' : 'waiting';
  return <span className={`decision decision-${text}`}>{text}</span>;
}
