// The console's shell: sign-in gate, navigation, theme toggle, and the page for the current hash route.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { onSessionChange, session, signOut } from './api/session.js';
import { html } from './ui/html.js';
import { useRoute } from './ui/router.js';
import { SignIn } from './pages/sign-in.js';
import { KeysList } from './pages/keys-list.js';
import { KeyDetail } from './pages/key-detail.js';
import { CreateKey } from './pages/create-key.js';
import { Timeline } from './pages/timeline.js';
import { AuditExplorer } from './pages/audit.js';
import { SealStatus } from './pages/seal.js';
import { Approvals } from './pages/approvals.js';
import { Alerts } from './pages/alerts.js';
import { Identities } from './pages/identities.js';
import { ThemeToggle } from './ui/theme.js';

const PAGES = { keys: KeysList, key: KeyDetail, create: CreateKey, timeline: Timeline, audit: AuditExplorer, seal: SealStatus, approvals: Approvals, alerts: Alerts, identities: Identities };
const NAV = [['#/keys', 'Keys', ['keys', 'key', 'create', 'timeline']], ['#/audit', 'Audit', ['audit']], ['#/approvals', 'Approvals', ['approvals']],
  ['#/alerts', 'Alerts', ['alerts']], ['#/identities', 'Identities', ['identities']], ['#/seal', 'Seal status', ['seal']]];

function App() {
  const [s, setS] = useState(session());
  useEffect(() => onSessionChange(setS), []);
  const route = useRoute();
  const Page = PAGES[route.page];
  return html`
    <a class="skip" href="#main" onClick=${(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>Skip to content</a>
    <header class="top">
      <span class="brand">Keyward</span>
      ${s ? html`<nav aria-label="Main"><ul>
        ${NAV.map(([href, label, pages]) => html`<li><a href=${href} aria-current=${pages.includes(route.page) ? 'page' : undefined}>${label}</a></li>`)}
      </ul></nav>` : null}
      <div class="top-end">
        ${s ? html`<span class="who" title=${s.principal}>${s.principal.split(':').pop()}</span>` : null}
        <${ThemeToggle} />
        ${s ? html`<button class="secondary" onClick=${() => signOut('You signed out.')}>Sign out</button>` : null}
      </div>
    </header>
    <main id="main" tabindex="-1">
      ${s ? html`<${Page} key=${route.page + route.params.join('/')} params=${route.params} query=${route.query} />` : html`<${SignIn} />`}
    </main>`;
}

render(html`<${App} />`, document.getElementById('app'));
