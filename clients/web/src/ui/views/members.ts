// #/group/<id>/members: who is in the group, with role and each device's fingerprint (its
// device id, which is bound to its signing key: compare it in person to detect a swapped
// key). Leaders of the community and admins can invite a neighbour and remove a member.
import { toHex } from '../../crypto/bytes';
import { InviteKind, Role, type GroupInfo } from '../../gen/weerbaar_pb';
import type { AppContext, View } from '../context';
import { append, clear, fingerprint, h } from '../dom';
import { t, type MessageKey } from '../i18n';
import { heading, inviteBox } from './common';

export function membersView(ctx: AppContext, groupId: string): View {
  const client = ctx.client!;
  const title = heading(t('members_title', { group: client.group(groupId)?.name ?? '' }));
  const list = h('ul', { class: 'members' });
  const tools = h('div', { class: 'tools' });
  const canManage = () => {
    const g = client.group(groupId);
    return client.isAdmin || (g !== undefined && client.roleIn(g.communityId) === Role.LEADER);
  };

  const memberItem = (info: GroupInfo['members'][number], index: number) => {
    const userId = toHex(info.userId);
    const you = userId === client.userId ? ` ${t('members_you')}` : '';
    const devices = h('ul', { class: 'devices', 'aria-label': t('members_devices') });
    info.devices.forEach((d, i) =>
      append(devices, h('li', {}, h('span', { class: 'visually-hidden' }, t('members_fingerprint', { n: i + 1 }) + ': '), h('code', {}, fingerprint(toHex(d.deviceId))))),
    );
    const remove =
      canManage() && userId !== client.userId
        ? h('button', { type: 'button', class: 'danger', id: `remove-${index}`, onclick: () => removeMember(userId, info.displayName) }, t('members_remove', { name: info.displayName }))
        : null;
    return h('li', {}, h('p', { class: 'member' }, h('strong', {}, info.displayName + you), ' — ', t(`role_${info.role}` as MessageKey)), devices, remove);
  };

  const load = async () => {
    try {
      const info = await client.members(groupId);
      title.textContent = t('members_title', { group: info.name });
      clear(list);
      info.members.forEach((m, i) => append(list, memberItem(m, i)));
      renderTools();
    } catch (e) {
      ctx.showError(e);
    }
  };

  const removeMember = async (userId: string, name: string) => {
    if (!confirm(t('members_remove_confirm', { name }))) return;
    try {
      await client.removeMember(groupId, userId);
      await load();
      title.focus();
    } catch (e) {
      ctx.showError(e);
    }
  };

  const renderTools = () => {
    clear(tools);
    if (!canManage()) return;
    const button = h('button', { type: 'button', id: 'invite-member' }, t('members_invite'));
    button.addEventListener('click', async () => {
      try {
        const invite = await client.createInvite(InviteKind.INVITE_GROUP, { groupId });
        tools.querySelector('.invite')?.remove();
        append(tools, inviteBox(ctx, invite, 'group-invite-link'));
      } catch (e) {
        ctx.showError(e);
      }
    });
    append(tools, button);
  };

  void load();
  const back = h('p', {}, h('a', { href: `#/group/${groupId}` }, client.group(groupId)?.name ?? ''));
  return { el: h('section', {}, title, back, list, tools), update: () => void load() };
}
