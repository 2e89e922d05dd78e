// Light and dark themes: the system's prefers-color-scheme by default, a toggle overrides it. The choice (not a
// secret) is remembered in localStorage; credentials never are.
import { useState } from 'preact/hooks';
import { html } from './html.js';

const KEY = 'keyward-console-theme';
const system = () => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
const stored = () => {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
};
const apply = (theme) => document.documentElement.setAttribute('data-theme', theme);
apply(stored() ?? system());

export function ThemeToggle() {
  const [theme, setTheme] = useState(document.documentElement.getAttribute('data-theme'));
  const next = theme === 'dark' ? 'light' : 'dark';
  const toggle = () => {
    apply(next);
    setTheme(next);
    try {
      localStorage.setItem(KEY, next);
    } catch { /* storage refused: the toggle still works for this page */ }
  };
  return html`<button class="secondary" onClick=${toggle} aria-label=${`Switch to ${next} theme`}>${next === 'dark' ? 'Dark' : 'Light'} theme</button>`;
}
