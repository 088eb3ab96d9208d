// #/admin/channels: the partner channels of a community (ListChannels) with their policy in
// plain words and an invite for a new partner user of each (INVITE_CHANNEL), and a new
// channel with its policy (CreateChannel). Policies and counts only, never report content.
import { toHex } from '../../crypto/bytes';
import { channelInvite, createChannel, getTaxonomy, listChannels, type Category } from '../../client/admin';
import type { ChannelInfo } from '../../gen/weerbaar_pb';
import { UserError, type AppContext, type View } from '../context';
import { append, clear, h } from '../dom';
import { lang, t, type MessageKey } from '../i18n';
import { precisionHint } from '../retention_format';
import { policyEditor, type PolicyEditor } from './admin_policy';
import { heading, inviteButton, submitting } from './common';

function channelItem(ctx: AppContext, c: ChannelInfo, taxonomy: Category[], index: number): HTMLElement {
  const p = c.policy!;
  const label = (id: string) => taxonomy.find((x) => x.id === id)?.[lang() === 'nl' ? 'labelNl' : 'labelEn'] ?? id;
  const facts: Array<[string, string]> = [
    [t('policy_type'), t(`channel_type_${p.type}` as MessageKey)],
    [t('policy_categories'), p.acceptedCategories.map(label).join(', ') || t('channel_none')],
    [t('policy_precision'), `${p.locationPrecision}: ${precisionHint(p.locationPrecision)}`],
    [t('policy_bucket'), t(`bucket_${p.timeBucket}` as MessageKey)],
    [t('policy_questions'), t(p.mayAskQuestions ? 'yes' : 'no')],
    [t('channel_names'), String(p.namesToScrub.length)],
    [t('channel_key'), t(c.publicKey.length > 0 ? 'channel_key_set' : 'channel_key_missing')],
  ];
  const dl = h('dl', { class: 'facts' });
  for (const [k, v] of facts) append(dl, h('dt', {}, k), h('dd', {}, v));
  const invite = inviteButton(ctx, t('channel_invite', { name: c.name }), `channel-invite-${index}`, () => channelInvite(ctx.client!, toHex(c.channelId)));
  return h('li', { class: 'channel' }, h('h3', {}, c.name), dl, invite);
}

function createForm(ctx: AppContext, communityId: () => string, editor: PolicyEditor, created: (name: string) => Promise<void>): HTMLFormElement {
  const name = h('input', { id: 'channel-name', type: 'text', maxlength: 120, required: true });
  const form = h('form', { class: 'stack' }, h('label', { for: 'channel-name' }, t('channel_name')), name, editor.el, h('button', { type: 'submit' }, t('channel_create')));
  form.addEventListener(
    'submit',
    submitting(ctx, form, async () => {
      const policy = editor.value();
      if (!name.value.trim()) throw new UserError(t('err_name'));
      if (policy.acceptedCategories.length === 0) throw new UserError(t('err_no_categories'));
      await createChannel(ctx.client!, communityId(), name.value.trim(), policy);
      await created(name.value.trim());
      name.value = '';
      editor.reset();
    }),
  );
  return form;
}

export function channelsView(ctx: AppContext): View {
  const client = ctx.client!;
  if (client.communities.length === 0) return { el: h('section', {}, heading(t('admin_channels_title')), h('p', {}, t('admin_no_communities'))) };
  const list = h('ul', { class: 'plain channels' });
  const done = h('p', { role: 'status', class: 'hint' });
  const picker = h('select', { id: 'channel-community' });
  for (const c of client.communities) append(picker, h('option', { value: toHex(c.communityId) }, c.name));
  const formBox = h('div', {});
  let taxonomy: Category[] = [];

  const load = async () => {
    if (!picker.value) return;
    const channels = await listChannels(client, picker.value);
    clear(list);
    if (channels.length === 0) append(list, h('li', { class: 'hint' }, t('channel_none_yet')));
    channels.forEach((c, i) => append(list, channelItem(ctx, c, taxonomy, i)));
  };
  const start = async () => {
    try {
      taxonomy = await getTaxonomy(client);
      append(formBox, createForm(ctx, () => picker.value, policyEditor(taxonomy), async (name) => {
        done.textContent = t('channel_created', { name });
        await load();
      }));
      await load();
    } catch (e) {
      ctx.showError(e);
    }
  };
  picker.addEventListener('change', () => void load().catch((e) => ctx.showError(e)));
  void start();
  const el = h(
    'section',
    {},
    heading(t('admin_channels_title')),
    h('p', {}, h('a', { href: '#/admin' }, t('admin_back'))),
    h('div', { class: 'stack' }, h('label', { for: 'channel-community' }, t('channel_community')), picker),
    h('h2', {}, t('channel_list')),
    list,
    h('h2', {}, t('channel_new')),
    done,
    formBox,
  );
  return { el };
}
