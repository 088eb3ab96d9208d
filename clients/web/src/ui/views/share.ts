// #/report/<id>: one of this device's reports: what the group saw, its shares (status,
// thread, withdraw) and the share form: partner, purpose, fields, consent period, and a
// preview of exactly what the partner will get (the card as the server's filter will cut it,
// the scrubbed text, the photo) before anything is sent.
import { fromHex, toHex } from '../../crypto/bytes';
import type { ConsentPurpose } from '../../crypto/consent';
import type { FiledReport } from '../../client/signals_state';
import { previewShare, type SharePreview } from '../../client/share_preview';
import type { ChannelInfo, ChannelPolicy } from '../../gen/weerbaar_pb';
import { previewCard } from '../../signals/card';
import type { Taxonomy } from '../../signals/taxonomy';
import { UserError, type AppContext, type View } from '../context';
import { append, clear, formatTime, h } from '../dom';
import { lang, t, type MessageKey } from '../i18n';
import { photoUrl } from '../photo';
import { heading, submitting } from './common';
import { shareItem } from './share_item';

const DAY_MS = 86_400_000;
const PURPOSES: ConsentPurpose[] = ['handling', 'information', 'trends'];
// Rough cell heights per geohash length, for the field label (docs/signals.md).
const CELL_SIZE = ['', '5000 km', '1250 km', '156 km', '39 km', '4.9 km', '1.2 km', '153 m', '38 m'];

export function reportSummary(client: NonNullable<AppContext['client']>, r: FiledReport): HTMLElement {
  const box = h('div', { class: 'report-summary' });
  if (r.text) append(box, h('p', { class: 'text' }, r.text));
  if (r.lat !== undefined) append(box, h('p', { class: 'hint' }, t('chat_report_location', { lat: r.lat.toFixed(5), lon: r.lon!.toFixed(5) })));
  if (r.photo) append(box, h('img', { src: photoUrl(r.photo), alt: t('chat_report_photo'), class: 'photo' }));
  append(box, h('p', { class: 'hint' }, formatTime(r.happenedAtMs, lang()), ' · ', h('a', { href: `#/group/${r.groupId}` }, client.group(r.groupId)?.name ?? '')));
  return box;
}

// Null when the channel can take this report; otherwise the option's text saying why not
// (no key yet, or its policy refuses the category: not accepted, or a person and not police).
function usable(taxonomy: Taxonomy, r: FiledReport, c: ChannelInfo): string | null {
  if (c.publicKey.length === 0 || !c.policy) return t('share_channel_no_key', { name: c.name });
  const card = previewCard(c.policy, { category: r.category, communityId: fromHex(r.communityId) }, taxonomy, Date.now());
  return card.ok ? null : t('share_channel_refuses', { name: c.name });
}

function checkbox(id: string, label: string, checked: boolean, disabled = false): HTMLElement {
  return h('div', { class: 'choice' }, h('input', { type: 'checkbox', id, name: 'field', value: id.replace('field-', ''), checked, disabled }), h('label', { for: id }, label));
}

// The fields the reporter may share for this channel and purpose (category always).
function renderFields(fields: HTMLFieldSetElement, r: FiledReport, policy: ChannelPolicy, purpose: ConsentPurpose): void {
  const trends = purpose === 'trends'; // counted only: no sealed parts
  clear(fields);
  append(fields, h('legend', {}, t('share_fields')), checkbox('field-category', t('field_category'), true, true));
  if (r.lat !== undefined) append(fields, checkbox('field-location', t('field_location', { size: CELL_SIZE[policy.locationPrecision] ?? '' }), true));
  append(fields, checkbox('field-time', t('field_time', { bucket: t(`bucket_${policy.timeBucket}` as MessageKey) }), true));
  if (!trends) append(fields, checkbox('field-details', t('field_details'), true));
  if (!trends && r.photo) append(fields, checkbox('field-photo', t('field_photo'), false));
}

// Exactly what the partner gets, from the same preview the share sends.
function previewList(client: NonNullable<AppContext['client']>, r: FiledReport, c: ChannelInfo, p: SharePreview): HTMLElement[] {
  const community = client.communities.find((x) => toHex(x.communityId) === r.communityId);
  const items = h('ul', {});
  append(items, h('li', {}, t('preview_category', { label: client.signals.label(r.category, lang()) })));
  if (p.geohash) append(items, h('li', {}, t('preview_area', { geohash: p.geohash })));
  if (p.bucketStartMs !== null) append(items, h('li', {}, t('preview_time', { time: formatTime(p.bucketStartMs, lang()) })));
  append(items, h('li', {}, t('preview_community', { name: community?.name ?? '' })));
  if (p.text !== null) append(items, h('li', {}, t('preview_text'), h('blockquote', { class: 'text' }, p.text)));
  if (p.scrubbed) append(items, h('li', { class: 'hint' }, t('preview_scrubbed', { counts: p.scrubbed })));
  if (p.photo) append(items, h('li', {}, t('preview_photo'), h('img', { src: photoUrl(r.photo!), alt: '', class: 'photo-preview' })));
  const out = [h('h3', {}, t('share_preview', { name: c.name })), items, h('p', { class: 'hint' }, t('preview_not'))];
  if (p.refused) out.push(h('p', { class: 'error' }, t('preview_refused', { reason: p.refused })));
  return out;
}

function purposeChoices(): HTMLFieldSetElement {
  const purposes = h('fieldset', {}, h('legend', {}, t('share_purpose')));
  for (const p of PURPOSES) append(purposes, h('div', { class: 'choice' }, h('input', { type: 'radio', name: 'purpose', id: `purpose-${p}`, value: p, checked: p === 'handling' }), h('label', { for: `purpose-${p}` }, t(`purpose_${p}` as MessageKey))));
  return purposes;
}

function shareForm(ctx: AppContext, taxonomy: Taxonomy, r: FiledReport, channels: ChannelInfo[], done: () => void): HTMLElement {
  const client = ctx.client!;
  const shared = new Set(r.shares.filter((s) => s.withdrawnAtMs === null).map((s) => s.channelId));
  const open = channels.filter((c) => !shared.has(toHex(c.channelId)));
  const choices = open.filter((c) => usable(taxonomy, r, c) === null);
  if (choices.length === 0) return h('p', { class: 'hint' }, t('share_no_channels'));
  const select = h('select', { id: 'share-channel' });
  for (const [i, c] of open.entries()) append(select, h('option', { value: String(i), disabled: usable(taxonomy, r, c) !== null }, usable(taxonomy, r, c) ?? c.name));
  select.value = String(open.indexOf(choices[0]));
  const purposes = purposeChoices();
  const fields = h('fieldset', {}, h('legend', {}, t('share_fields')));
  const days = h('input', { id: 'share-days', type: 'number', min: 1, max: 365, value: 90 });
  const preview = h('section', { class: 'preview', 'aria-live': 'polite' });
  const channel = () => open[Number(select.value)];
  // (Not by :disabled: the form's fields are disabled while it is being submitted.)
  const picked = () => ['category', ...[...fields.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value).filter((v) => v !== 'category')];
  const purpose = () => (purposes.querySelector<HTMLInputElement>('input:checked')?.value ?? 'handling') as ConsentPurpose;
  const renderPreview = () => {
    const c = channel();
    clear(preview);
    append(preview, ...previewList(client, r, c, previewShare(taxonomy, r, c, picked(), Date.now())));
    button.textContent = t('share_button', { name: c.name });
  };
  const button = h('button', { type: 'submit' }, '');
  const form = h('form', { class: 'stack share-form' }, h('label', { for: 'share-channel' }, t('share_channel')), select, purposes, fields, h('label', { for: 'share-days' }, t('share_expiry')), days, preview, button);
  const refresh = () => (renderFields(fields, r, channel().policy!, purpose()), renderPreview());
  select.addEventListener('change', refresh);
  purposes.addEventListener('change', refresh);
  fields.addEventListener('change', renderPreview);
  refresh();
  form.addEventListener(
    'submit',
    submitting(ctx, form, async () => {
      const c = channel();
      const p = previewShare(taxonomy, r, c, picked(), Date.now());
      if (p.refused) throw new UserError(t('preview_refused', { reason: p.refused }));
      const expiresAtMs = Date.now() + Math.max(1, Math.min(365, Number(days.value) || 90)) * DAY_MS;
      await client.signals.share(r.reportId, { channel: c, purpose: purpose(), fields: picked(), expiresAtMs, scrubbedText: p.text ?? '' });
      ctx.announce(t('share_done', { name: c.name }));
      done();
    }),
  );
  return form;
}

export function shareView(ctx: AppContext, reportId: string): View {
  const client = ctx.client!;
  const r = client.signals.report(reportId);
  const label = (id: string) => client.signals.label(id, lang());
  const title = heading(t('share_title', { category: r ? label(r.category) : '' }));
  const shares = h('ul', { class: 'shares' });
  const formBox = h('div', {});
  const renderShares = () => {
    clear(shares);
    for (const s of r?.shares ?? []) append(shares, shareItem(ctx, s));
    if (!r?.shares.length) append(shares, h('li', { class: 'hint' }, t('reports_not_shared')));
  };
  const loadForm = async () => {
    if (!r) return;
    try {
      const taxonomy = await client.signals.loadedTaxonomy();
      const channels = await client.signals.listChannels(r.communityId);
      clear(formBox);
      append(formBox, shareForm(ctx, taxonomy, r, channels, () => void loadForm()));
    } catch (e) {
      ctx.showError(e);
    }
  };
  renderShares();
  void loadForm();
  const body = r ? [reportSummary(client, r), h('h2', {}, t('reports_shares')), shares, h('h2', {}, t('share_with')), formBox] : [];
  return { el: h('section', {}, title, ...body), update: () => (title.textContent = t('share_title', { category: r ? label(r.category) : '' })), onSignals: renderShares };
}
