/**
 * Entry of the studio bundle (server/public/studio/studio.js). The page shell
 * (server/views/studio/shell.ejs) loads it with studio.css and hands over the
 * session in <meta> elements; this replaces the shell's placeholder
 * (`<main id="studio">`, which only holds a <noscript> note) with <ap-studio>.
 */
import './styles/page.css';
import './components/studio/studio.js';

function mount(): void {
  if (document.querySelector('ap-studio')) return;
  const app = document.createElement('ap-studio');
  const placeholder = document.querySelector<HTMLElement>('main#studio');
  if (placeholder) {
    for (const name of ['userName', 'contextTitle'] as const) {
      const value = placeholder.dataset[name];
      if (value) app.dataset[name] = value;
    }
    placeholder.replaceWith(app);
  } else document.body.append(app);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount, { once: true });
else mount();
