// The menu panel of the chat page (a drawer on phones), built from `GET /api/menu`:
// categories, dishes with descriptions, tags and prices (per size where sizes differ),
// sold-out marked. Tapping a dish or one of its sizes puts a ready sentence in the
// message box for the customer to send or edit.
import { el, formatCents } from './common.js';

const SIZE_GROUP = 'size';

/** Renders `menu` into `list`; `fill(text)` receives the sentence a tap makes. */
export function renderMenu(list, menu, names, fill) {
  const items = menu.items || [];
  const sections = (menu.categories || [])
    .map((category) => [category, items.filter((i) => i.category === category.id)])
    .filter(([, its]) => its.length > 0)
    .map(([category, its]) =>
      el(
        'section',
        { class: 'menu-category', 'aria-label': category.name },
        el('h3', {}, category.name),
        el('ul', { class: 'menu-items' }, its.map((item) => menuItem(item, names, fill))),
      ),
    );
  const options = optionGroups(menu, names);
  list.replaceChildren(...sections, ...(options ? [options] : []));
}

function menuItem(item, names, fill) {
  const soldOut = item.available === false;
  const name = item.name;
  const sizes = Object.entries(item.prices_by_size || {}).sort((a, b) => a[1] - b[1]);
  const tags = (item.tags || []).map((t) => el('span', { class: 'tag' }, t));
  const head = el(
    'button',
    {
      type: 'button',
      class: 'menu-dish',
      disabled: soldOut,
      onclick: () => fill(`${article(name)} ${name.toLowerCase()}`),
    },
    el('span', { class: 'dish-name' }, name),
    sizes.length ? el('span', { class: 'dish-price' }, `from ${formatCents(sizes[0][1])}`) : el('span', { class: 'dish-price' }, formatCents(item.price_cents)),
  );
  const sizeButtons = sizes.length
    ? el(
        'div',
        { class: 'menu-sizes', role: 'group', 'aria-label': `${name} sizes` },
        sizes.map(([size, cents]) => {
          const sizeName = names.choice(SIZE_GROUP, size).toLowerCase();
          return el(
            'button',
            { type: 'button', disabled: soldOut, onclick: () => fill(`${article(sizeName)} ${sizeName} ${name.toLowerCase()}`) },
            `${capitalise(sizeName)} ${formatCents(cents)}`,
          );
        }),
      )
    : null;
  return el(
    'li',
    { class: soldOut ? 'menu-item sold-out' : 'menu-item' },
    head,
    soldOut ? el('span', { class: 'sold-out-mark' }, 'Sold out') : null,
    item.description ? el('p', { class: 'dish-desc' }, item.description) : null,
    tags.length ? el('p', { class: 'tags' }, tags) : null,
    sizeButtons,
  );
}

/** The option groups (toppings, crusts, …) folded away, each choice with its price. */
function optionGroups(menu, names) {
  const groups = (menu.groups || []).filter((g) => g.id !== SIZE_GROUP && (g.choices || []).length > 0);
  if (!groups.length) return null;
  return el(
    'section',
    { class: 'menu-category' },
    el('h3', {}, 'Options'),
    groups.map((g) =>
      el(
        'details',
        { class: 'menu-group' },
        el('summary', {}, `${g.name} (${g.choices.length})`),
        el(
          'ul',
          {},
          g.choices.map((c) =>
            el(
              'li',
              { class: c.available === false ? 'sold-out' : null },
              el('span', {}, names.choice(g.id, c.id)),
              el('span', {}, c.available === false ? 'sold out' : c.price_cents ? `+${formatCents(c.price_cents)}` : ''),
            ),
          ),
        ),
      ),
    ),
  );
}

const article = (word) => (/^[aeiou]/i.test(word) ? 'an' : 'a');
const capitalise = (s) => s.charAt(0).toUpperCase() + s.slice(1);
