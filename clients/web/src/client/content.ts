// The group contents of this client (GroupContent.body: text, report, share status or update) in their
// local form (state.ts) and on the wire. A content this client does not know reads as null.
import { create } from '@bufbuild/protobuf';
import { fromHex, toHex } from '../crypto/bytes';
import { GroupContentSchema, type GroupContent, type ReportBody } from '../gen/weerbaar_pb';
import { MAX_UPDATE_TEXT, type Content, type ReportInfo, type ShareUpdateInfo } from './state';

function reportToWire(r: ReportInfo) {
  return {
    reportId: fromHex(r.reportId),
    category: r.category,
    text: r.text,
    lat: r.lat,
    lon: r.lon,
    photo: r.photo ?? new Uint8Array(0),
    happenedAtMs: BigInt(r.happenedAtMs),
  };
}

function reportFromWire(r: ReportBody): ReportInfo {
  const out: ReportInfo = { reportId: toHex(r.reportId), category: r.category, text: r.text, happenedAtMs: Number(r.happenedAtMs) };
  if (r.lat !== undefined && r.lon !== undefined && Number.isFinite(r.lat) && Number.isFinite(r.lon)) {
    out.lat = r.lat;
    out.lon = r.lon;
  }
  if (r.photo.length > 0) out.photo = r.photo;
  return out;
}

export function toGroupContent(c: Content, sentAtMs: number): GroupContent {
  const at = BigInt(sentAtMs);
  if (c.report) return create(GroupContentSchema, { sentAtMs: at, body: { case: 'report', value: reportToWire(c.report) } });
  if (c.shareUpdate) {
    const u = c.shareUpdate;
    const value = { reportId: fromHex(u.reportId), channelId: fromHex(u.channelId), channelName: u.channelName, status: u.status, updateText: u.updateText ?? '' };
    return create(GroupContentSchema, { sentAtMs: at, body: { case: 'shareUpdate', value } });
  }
  return create(GroupContentSchema, { sentAtMs: at, body: { case: 'text', value: { text: c.text } } });
}

// Null for a content type this client does not know (shown as "unsupported").
export function fromGroupContent(g: GroupContent): Content | null {
  switch (g.body.case) {
    case 'text':
      return { text: g.body.value.text };
    case 'report':
      return { text: g.body.value.text, report: reportFromWire(g.body.value) };
    case 'shareUpdate': {
      const u = g.body.value;
      const info: ShareUpdateInfo = { reportId: toHex(u.reportId), channelId: toHex(u.channelId), channelName: u.channelName, status: u.status };
      if (u.updateText) info.updateText = u.updateText.slice(0, MAX_UPDATE_TEXT);
      return { text: '', shareUpdate: info };
    }
    default:
      return null;
  }
}
