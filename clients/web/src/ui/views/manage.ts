// #/manage: admins create communities and invite leaders; leaders (and admins) create
// groups in their communities and invite residents.
import { toHex } from '../../crypto/bytes';
import { InviteKind, Role } from '../../gen/weerbaar_pb';
import { UserError, type AppContext, type View } from '../context';
import { append, clear, h } from '../dom';
import { t } from '../i18n';
import { heading, inviteBox, submitting } from './common';

let fieldCounter = 0;

function nameForm(ctx: AppContext, label: string, button: string, action: (name: string) => Promise<void>): HTMLFormElement {
  const id = `name-${++fieldCounter}`;
  const input = h('input', { id, type: 'text', maxlength: 120, required: true });
  const form = h('form', { class: 'stack' }, h('label', { for: id }, label), input, h('button', { type: 'submit' }, button));
  form.addEventListener(
    'submit',
    submitting(ctx, form, async () => {
      const name = input.value.trim();
      if (!name) throw new UserError(t('err_name'));
      await action(name);
      input.value = '';
    }),
  );
  return form;
}

function inviteButton(ctx: AppContext, label: string, id: string, make: () => ReturnType<NonNullable<AppContext['client']>['createInvite']>): HTMLElement {
  const box = h('div', {});
  const button = h('button', { type: 'button', id }, label);
  button.addEventListener('click', async () => {
    try {
      const invite = await make();
      clear(box);
      append(box, inviteBox(ctx, invite, `${id}-link`));
    } catch (e) {
      ctx.showError(e);
    }
  });
  return h('div', {}, button, box);
}

export function manageView(ctx: AppContext): View {
  const client = ctx.client!;
  const body = h('div', {});
  const done = h('p', { role: 'status', class: 'hint' });

  const render = () => {
    clear(body);
    if (client.isAdmin) {
      append(body, h('h2', {}, t('manage_new_community')), nameForm(ctx, t('manage_community_name'), t('manage_create_community'), async (name) => {
        await client.createCommunity(name);
        done.textContent = t('manage_created_community', { name });
        render();
      }));
    }
    const managed = client.communities.filter((c) => client.isAdmin || c.role === Role.LEADER);
    if (managed.length === 0 && !client.isAdmin) append(body, h('p', {}, t('manage_nothing')));
    managed.forEach((c, i) => {
      const communityId = toHex(c.communityId);
      const section = h('section', { class: 'community' }, h('h2', {}, c.name));
      append(section, h('h3', {}, t('manage_new_group', { community: c.name })), nameForm(ctx, t('manage_group_name'), t('manage_create_group'), async (name) => {
        await client.createGroup(communityId, name);
        done.textContent = t('manage_created_group', { name });
      }));
      if (client.isAdmin) {
        append(section, inviteButton(ctx, t('manage_invite_leader'), `invite-leader-${i}`, () => client.createInvite(InviteKind.INVITE_COMMUNITY, { role: Role.LEADER, communityId })));
      }
      append(section, inviteButton(ctx, t('manage_invite_resident'), `invite-resident-${i}`, () => client.createInvite(InviteKind.INVITE_COMMUNITY, { role: Role.RESIDENT, communityId })));
      append(body, section);
    });
  };
  render();
  return { el: h('section', {}, heading(t('manage_title')), done, body), update: render };
}
