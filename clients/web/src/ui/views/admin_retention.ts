// #/admin/retention: per data class the period in force, its source and its bounds; for the
// classes with a period, the admin's default and the bounds communities choose within
// (SetRetentionPolicy; the server refuses values outside its hard limits), and a
// community's own period for the classes it may choose (SetCommunityRetention).
import { toHex } from '../../crypto/bytes';
import { setRetentionPolicy } from '../../client/admin';
import { ErrorCode, ServerError } from '../../client/connection';
import { getRetention } from '../../client/privacy';
import type { ClassRetention } from '../../gen/weerbaar_pb';
import { UserError, type AppContext, type View } from '../context';
import { append, clear, h } from '../dom';
import { t } from '../i18n';
import { boundsText, className, formatPeriod, periodText, sourceText } from '../retention_format';
import { heading, submitting } from './common';
import { communityRetention } from './community_retention';
import { periodField } from './period_field';

// The admin's default and bounds of one class.
function policyForm(ctx: AppContext, r: ClassRetention, saved: () => Promise<void>): HTMLFormElement {
  const id = `ret-${r.dataClass}`;
  const def = periodField(`${id}-default`, t('ret_default'), Number(r.defaultMs));
  const min = periodField(`${id}-min`, t('ret_min'), Number(r.minMs));
  const max = periodField(`${id}-max`, t('ret_max'), Number(r.maxMs));
  const form = h('form', { class: 'stack', 'aria-label': className(r.dataClass) }, def.el, min.el, max.el, h('button', { type: 'submit' }, t('ret_save')));
  form.addEventListener(
    'submit',
    submitting(ctx, form, async () => {
      const p = { defaultMs: def.ms(), minMs: min.ms(), maxMs: max.ms() };
      if (!(p.minMs <= p.defaultMs && p.defaultMs <= p.maxMs)) throw new UserError(t('err_ret_order'));
      try {
        await setRetentionPolicy(ctx.client!, r.dataClass, p);
      } catch (e) {
        // The order is checked above, so a refusal means the server's legal limits.
        if (e instanceof ServerError && e.code === ErrorCode.BAD_REQUEST) throw new UserError(t('err_ret_limits'));
        throw e;
      }
      await saved();
    }),
  );
  return form;
}

function classSection(ctx: AppContext, r: ClassRetention, saved: () => Promise<void>): HTMLElement {
  const now = h('p', {}, `${periodText(r)} (${sourceText(r)})`);
  const section = h('section', { class: 'retention-class' }, h('h3', {}, className(r.dataClass)), now);
  if (r.whileExists) return section;
  const hint = [t('ret_default_is', { period: formatPeriod(Number(r.defaultMs)) }), t('ret_allowed', { bounds: boundsText(r) }), t(r.communityMayChoose ? 'ret_may' : 'ret_may_not')];
  append(section, h('p', { class: 'hint' }, hint.join(' ')), policyForm(ctx, r, saved));
  return section;
}

// The community picker above the community's own periods.
function communityForm(ctx: AppContext, done: HTMLElement): HTMLElement {
  const picker = h('select', { id: 'ret-community' });
  for (const c of ctx.client!.communities) append(picker, h('option', { value: toHex(c.communityId) }, c.name));
  const forms = communityRetention(ctx, () => picker.value, 'ret-c', done);
  picker.addEventListener('change', () => void forms.load().catch((e) => ctx.showError(e)));
  void forms.load().catch((e) => ctx.showError(e));
  return h('div', { class: 'stack' }, h('label', { for: 'ret-community' }, t('channel_community')), picker, forms.el);
}

export function retentionView(ctx: AppContext): View {
  const client = ctx.client!;
  const classes = h('div', {});
  const done = h('p', { role: 'status', class: 'hint' });
  const load = async () => {
    const info = await getRetention(client);
    clear(classes);
    for (const r of info.classes) append(classes, classSection(ctx, r, saved(r)));
  };
  // The forms are rebuilt with the new values; focus returns to the class just saved.
  const saved = (r: ClassRetention) => async () => {
    done.textContent = t('ret_saved', { cls: className(r.dataClass) });
    await load();
    document.getElementById(`ret-${r.dataClass}-default-n`)?.focus();
  };
  void load().catch((e) => ctx.showError(e));
  const community = client.communities.length > 0 ? [h('h2', {}, t('ret_community_title')), h('p', {}, t('ret_community_body')), communityForm(ctx, done)] : [];
  const el = h('section', {}, heading(t('admin_retention_title')), h('p', {}, h('a', { href: '#/admin' }, t('admin_back'))), h('p', {}, t('ret_body')), done, h('h2', {}, t('ret_classes')), classes, ...community);
  return { el };
}
