// #/group/<id>/report: file a report in a few taps. Text first (optional), then the category
// quick-pick with the suggested categories first, an optional location (from the device or
// picked on the self-drawn map) and an optional photo (re-encoded: no metadata). Posting it
// opens the report's screen, where it can be shared with a partner.
import type { Signals } from '../../client/signals';
import { toHex } from '../../crypto/bytes';
import { UserError, type AppContext, type View } from '../context';
import { append, clear, h } from '../dom';
import { lang, t } from '../i18n';
import { photoUrl, stripPhoto } from '../photo';
import { askLocation, heading, submitting } from './common';
import { mapPicker, type LatLon } from './map_picker';

const DEFAULT_CENTER: LatLon = { lat: 52.0907, lon: 5.1214 }; // only until a location is known

// The taxonomy may arrive after the screen opened (a reload before the first catch-up):
// `order` reads it each time and the view calls it again on the signals event.
function categoryPicker(signals: Signals): { el: HTMLFieldSetElement; order(text: string): void; value(): string } {
  const list = h('div', { class: 'choices' });
  const el = h('fieldset', { class: 'categories' }, h('legend', {}, t('report_category')), list);
  let chosen = '';
  let shown = '';
  // Rebuilt only when the order or the suggestions change, keeping a focused choice focused.
  const order = (text: string) => {
    const suggested = signals.suggest(text);
    const ids = [...suggested, ...(signals.taxonomy?.categories ?? []).map((c) => c.id).filter((id) => !suggested.includes(id))];
    if (ids.join() + '|' + suggested.join() === shown) return;
    shown = ids.join() + '|' + suggested.join();
    const focused = list.contains(document.activeElement) ? (document.activeElement as HTMLInputElement).value : null;
    clear(list);
    for (const id of ids) {
      const label = signals.label(id, lang());
      const input = h('input', { type: 'radio', name: 'category', id: `cat-${id}`, value: id, checked: id === chosen });
      input.addEventListener('change', () => (chosen = id));
      append(list, h('div', { class: 'choice' }, input, h('label', { for: `cat-${id}` }, suggested.includes(id) ? t('report_suggested', { label }) : label)));
    }
    if (focused) document.getElementById(`cat-${focused}`)?.focus();
  };
  order('');
  return { el, order, value: () => chosen };
}

// The location fieldset: none, from the device, or picked on the community's map (centred
// on its area, or around the last report without one); `value` reads it.
function locationField(ctx: AppContext, marks: LatLon[], area: string | null): { el: HTMLElement; value(): LatLon | null } {
  let where: LatLon | null = null;
  let device: LatLon | null = null;
  const whereText = h('p', { role: 'status', class: 'hint' }, t('report_location_none'));
  const mapBox = h('div', {});
  const setWhere = (p: LatLon | null, description?: string) => {
    where = p;
    whereText.textContent = !p ? t('report_location_none') : description ? t('report_location_on_map', { where: description }) : t('report_location_set', { lat: p.lat.toFixed(5), lon: p.lon.toFixed(5) });
  };
  const showMap = (focus: boolean) => {
    clear(mapBox);
    pickMap.setAttribute('aria-expanded', 'true');
    append(mapBox, mapPicker({ area, fallback: marks.at(-1) ?? DEFAULT_CENTER, marks, device, picked: where, onPick: setWhere }));
    if (focus) (mapBox.querySelector('[tabindex="0"]') as HTMLElement | null)?.focus();
  };
  const useDevice = h('button', { type: 'button' }, t('report_use_device'));
  useDevice.addEventListener('click', () =>
    askLocation(
      ctx,
      (p) => {
        device = p;
        setWhere(device);
        if (mapBox.firstChild) showMap(false); // the open map marks it
      },
      true,
    ),
  );
  const pickMap = h('button', { type: 'button', 'aria-expanded': 'false' }, t('report_pick_map'));
  pickMap.addEventListener('click', () => showMap(true));
  const noWhere = h('button', { type: 'button', class: 'secondary', onclick: () => setWhere(null) }, t('report_location_none'));
  const location = h('fieldset', {}, h('legend', {}, t('report_location')), whereText, h('div', { class: 'row' }, useDevice, pickMap, noWhere), mapBox);

  return { el: location, value: () => where };
}

// The photo field: the chosen file re-encoded without metadata, with a preview and "remove".
function photoField(ctx: AppContext): { els: HTMLElement[]; value(): Uint8Array | null } {
  let photo: Uint8Array | null = null;
  const photoInput = h('input', { id: 'report-photo', type: 'file', accept: 'image/*' });
  const photoState = h('div', { role: 'status', class: 'hint' });
  photoInput.addEventListener('change', async () => {
    clear(photoState);
    photo = null;
    const file = photoInput.files?.[0];
    if (!file) return;
    try {
      photo = await stripPhoto(file);
      const remove = h('button', { type: 'button', class: 'secondary', onclick: () => ((photo = null), (photoInput.value = ''), clear(photoState)) }, t('report_photo_remove'));
      append(photoState, h('img', { src: photoUrl(photo), alt: '', class: 'photo-preview' }), h('p', {}, t('report_photo_ready', { kb: Math.ceil(photo.length / 1024) })), remove);
    } catch (e) {
      photoInput.value = '';
      ctx.showError(new UserError(t('err_photo', { detail: (e as Error).message })));
    }
  });

  return { els: [h('label', { for: 'report-photo' }, t('report_photo')), photoInput, h('p', { class: 'hint' }, t('report_photo_person')), photoState], value: () => photo };
}

export function reportView(ctx: AppContext, groupId: string): View {
  const client = ctx.client!;
  const group = client.group(groupId);
  const text = h('textarea', { id: 'report-text', rows: 3, 'aria-describedby': 'report-text-hint' });
  const categories = categoryPicker(client.signals);
  // Suggestions follow the text while it is typed (after a pause), not on leaving the field:
  // a rebuild while the focus moves into the list would drop it on the page.
  let pause: ReturnType<typeof setTimeout> | undefined;
  text.addEventListener('input', () => (clearTimeout(pause), (pause = setTimeout(() => categories.order(text.value), 300))));

  const marks = client.signals.reports().filter((r) => r.lat !== undefined).map((r) => ({ lat: r.lat!, lon: r.lon! }));
  const community = client.communities.find((c) => toHex(c.communityId) === group?.communityId);
  const location = locationField(ctx, marks, community?.area || null);
  const photo = photoField(ctx);
  const form = h(
    'form',
    { class: 'stack report-form' },
    h('label', { for: 'report-text' }, t('report_text')),
    text,
    h('p', { id: 'report-text-hint', class: 'hint' }, t('report_text_hint')),
    categories.el,
    location.el,
    ...photo.els,
    h('button', { type: 'submit' }, t('report_send')),
  );
  form.addEventListener(
    'submit',
    submitting(ctx, form, async () => {
      const category = categories.value();
      if (!category) throw new UserError(t('err_category'));
      const filed = await client.signals.fileReport({ groupId, category, text: text.value.trim(), ...(location.value() ?? {}), ...(photo.value() ? { photo: photo.value()! } : {}), happenedAtMs: Date.now() });
      ctx.announce(t('report_posted'));
      ctx.navigate(`#/report/${filed.reportId}`);
    }),
  );
  const nav = h('p', { class: 'chat-nav' }, h('a', { href: `#/group/${groupId}` }, t('report_back')));
  const loaded = () => !categories.el.querySelector('input') && categories.order(text.value);
  return { el: h('section', {}, heading(t('report_title', { group: group?.name ?? '' })), nav, form), onSignals: loaded };
}
