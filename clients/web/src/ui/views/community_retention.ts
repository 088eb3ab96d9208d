// A community's own retention for each class it may choose (chat messages, reports, survey
// answers): the period in force with its source and bounds, a new period within the
// admin's bounds, or back to the default (SetCommunityRetention: admins and the
// community's leaders; the server checks both). Used by #/admin/retention and #/manage.
import { setCommunityRetention } from '../../client/admin';
import { getRetention } from '../../client/privacy';
import type { ClassRetention } from '../../gen/weerbaar_pb';
import type { AppContext } from '../context';
import { append, clear, h } from '../dom';
import { t } from '../i18n';
import { boundsText, className, periodText, sourceText } from '../retention_format';
import { submitting } from './common';
import { periodField } from './period_field';

export interface CommunityRetention {
  el: HTMLElement;
  load(): Promise<void>; // (re)reads the community's periods and rebuilds the forms
}

// `idPrefix` keeps field ids unique when several communities share a page.
export function communityRetention(ctx: AppContext, communityId: () => string, idPrefix: string, done: HTMLElement): CommunityRetention {
  const client = ctx.client!;
  const box = h('div', { class: 'stack' });
  const classForm = (r: ClassRetention) => {
    const id = `${idPrefix}-${r.dataClass}`;
    const period = periodField(id, t('ret_community_period', { cls: className(r.dataClass) }), Number(r.periodMs));
    const reset = h('button', { type: 'button', class: 'secondary' }, t('ret_reset'));
    const form = h('form', { class: 'stack' }, h('p', {}, `${className(r.dataClass)}: ${periodText(r)} (${sourceText(r)}); ${boundsText(r)}`), period.el, h('button', { type: 'submit' }, t('ret_save')), reset);
    const change = (ms: () => number | null) => async () => {
      await setCommunityRetention(client, communityId(), r.dataClass, ms());
      done.textContent = t('ret_saved', { cls: className(r.dataClass) });
      await load();
      document.getElementById(`${id}-n`)?.focus(); // the form was rebuilt with the new value
    };
    form.addEventListener('submit', submitting(ctx, form, change(() => period.ms())));
    reset.addEventListener('click', submitting(ctx, form, change(() => null)));
    return form;
  };
  const load = async () => {
    const info = await getRetention(client, communityId());
    clear(box);
    for (const r of info.classes.filter((x) => x.communityMayChoose)) append(box, classForm(r));
  };
  return { el: box, load };
}
