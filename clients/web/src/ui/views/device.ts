// #/device: who this device is, its fingerprint, linking another device of the same user
// (a device-link invite shown as a link), and forgetting this device in this browser.
import { InviteKind } from '../../gen/weerbaar_pb';
import type { AppContext, View } from '../context';
import { append, clear, fingerprint, h } from '../dom';
import { t } from '../i18n';
import { heading, inviteBox } from './common';

export function deviceView(ctx: AppContext): View {
  const client = ctx.client!;
  const linkBox = h('div', {});
  const link = h('button', { type: 'button', id: 'link-device' }, t('device_link_button'));
  link.addEventListener('click', async () => {
    try {
      const invite = await client.createInvite(InviteKind.INVITE_DEVICE_LINK);
      clear(linkBox);
      append(linkBox, inviteBox(ctx, invite, 'device-link'));
    } catch (e) {
      ctx.showError(e);
    }
  });
  const forget = h('button', { type: 'button', class: 'danger' }, t('device_forget'));
  forget.addEventListener('click', async () => {
    if (!confirm(t('device_forget_confirm'))) return;
    await client.forget();
    location.hash = '#/';
    location.reload();
  });
  return {
    el: h(
      'section',
      {},
      heading(t('device_title')),
      h('p', {}, t('device_you', { name: client.displayName })),
      h('h2', {}, t('device_fingerprint')),
      h('p', {}, h('code', {}, fingerprint(client.deviceId))),
      h('h2', {}, t('device_link')),
      h('p', {}, t('device_link_body')),
      link,
      linkBox,
      h('h2', {}, t('device_forget')),
      forget,
    ),
  };
}
