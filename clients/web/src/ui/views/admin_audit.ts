// #/admin/audit: the health of the audit log's hash chain (VerifyAudit: intact or broken,
// entries checked, the head to publish off-site) and the Art. 30 records of processing as
// the server generates them from its live configuration (its texts are English).
import { toHex } from '../../crypto/bytes';
import { recordsOfProcessing, verifyAudit } from '../../client/admin';
import type { AuditVerification, RecordsOfProcessing } from '../../gen/weerbaar_pb';
import type { AppContext, View } from '../context';
import { append, clear, formatTime, h } from '../dom';
import { lang, t } from '../i18n';
import { auditSummary, className, periodText } from '../retention_format';
import { heading } from './common';

function auditFacts(v: AuditVerification): HTMLElement {
  const dl = h('dl', { class: 'facts' });
  append(dl, h('dt', {}, t('audit_entries')), h('dd', {}, String(v.entries)), h('dt', {}, t('audit_anchor')), h('dd', {}, String(v.anchorIndex)));
  if (!v.intact || v.headIndex === 0n) return dl;
  append(dl, h('dt', {}, t('audit_head')), h('dd', {}, String(v.headIndex)), h('dt', {}, t('audit_head_hash')), h('dd', {}, h('code', {}, toHex(v.headHash))));
  return dl;
}

function recordsList(r: RecordsOfProcessing): HTMLElement {
  const box = h('div', {}, h('p', { class: 'hint' }, t('records_generated', { when: formatTime(Number(r.generatedAtMs), lang()) })));
  for (const p of r.records) {
    const dl = h('dl', { class: 'facts' });
    const rows: Array<[string, string]> = [
      [t('records_purpose'), p.purpose],
      [t('records_basis'), p.lawfulBasis],
      [t('records_subjects'), p.dataSubjects],
      [t('records_data'), p.personalData],
      [t('records_recipients'), p.recipients],
      [t('records_retention'), p.retention ? periodText(p.retention) : ''],
    ];
    for (const [k, v] of rows) append(dl, h('dt', {}, k), h('dd', {}, v));
    append(box, h('section', { class: 'record' }, h('h3', {}, className(p.dataClass)), dl));
  }
  append(box, h('h3', {}, t('records_security')), h('p', {}, r.securityMeasures));
  return box;
}

export function auditView(ctx: AppContext): View {
  const client = ctx.client!;
  const result = h('div', { id: 'audit-result', 'aria-live': 'polite' });
  const records = h('div', {});
  const check = async () => {
    try {
      const v = await verifyAudit(client);
      clear(result);
      append(result, h('p', { class: v.intact ? 'ok' : 'error' }, auditSummary(v)), auditFacts(v));
    } catch (e) {
      ctx.showError(e);
    }
  };
  const again = h('button', { type: 'button', id: 'audit-check', onclick: () => void check() }, t('audit_check'));
  void check().then(async () => {
    try {
      append(records, recordsList(await recordsOfProcessing(client)));
    } catch (e) {
      ctx.showError(e);
    }
  });
  const el = h(
    'section',
    {},
    heading(t('admin_audit_title')),
    h('p', {}, h('a', { href: '#/admin' }, t('admin_back'))),
    h('h2', {}, t('audit_chain')),
    h('p', {}, t('audit_body')),
    result,
    again,
    h('h2', {}, t('records_title')),
    h('p', {}, t('records_body')),
    records,
  );
  return { el };
}
