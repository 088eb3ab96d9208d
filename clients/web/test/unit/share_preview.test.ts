// The share preview is what the reporter approves: the card as the server's filter cuts it,
// the details after the scrubber with the channel's names, or the reason it would be refused.
import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { previewShare } from '../../src/client/share_preview';
import type { FiledReport } from '../../src/client/signals_state';
import { ChannelInfoSchema, ChannelType, TimeBucket } from '../../src/gen/weerbaar_pb';
import { encodeGeohash } from '../../src/signals/geohash';
import { createTaxonomy } from '../../src/signals/taxonomy';

const taxonomy = createTaxonomy([
  { id: 'zwerfafval', labelNl: 'Zwerfafval', labelEn: 'Litter', describesPerson: false, keywords: ['afval'] },
  { id: 'verdacht-persoon', labelNl: 'Verdacht persoon', labelEn: 'Suspicious person', describesPerson: true, keywords: [] },
]);
const NOW = Date.UTC(2026, 10, 29, 15, 30);
const report: FiledReport = {
  reportId: '00'.repeat(16), groupId: '11'.repeat(16), communityId: '22'.repeat(16), category: 'zwerfafval',
  text: 'Afval bij Jan de Vries, bel 06-12345678', lat: 52.0907, lon: 5.1214, happenedAtMs: NOW - 3_600_000, shares: [],
};
const channel = (type = ChannelType.CHANNEL_MUNICIPALITY) =>
  create(ChannelInfoSchema, { name: 'Gemeente', policy: { type, acceptedCategories: ['zwerfafval', 'verdacht-persoon'].slice(0, type === ChannelType.CHANNEL_POLICE ? 2 : 1), locationPrecision: 5, timeBucket: TimeBucket.BUCKET_DAY, namesToScrub: ['Jan de Vries'] } });

describe('share preview', () => {
  it('cuts the location to the channel precision, buckets the time and scrubs the text', () => {
    const p = previewShare(taxonomy, report, channel(), ['category', 'details', 'location', 'time'], NOW);
    expect(p).toEqual({
      refused: null, geohash: encodeGeohash(report.lat!, report.lon!, 5), bucketStartMs: Date.UTC(2026, 10, 29),
      text: 'Afval bij [naam], bel [telefoon]', scrubbed: '1 x [telefoon], 1 x [naam]', photo: false,
    });
  });

  it('leaves out what is not chosen', () => {
    expect(previewShare(taxonomy, report, channel(), ['category'], NOW)).toMatchObject({ geohash: null, bucketStartMs: null, text: null });
  });

  it('names the refusal: a person on a municipal channel, a time too old', () => {
    expect(previewShare(taxonomy, { ...report, category: 'verdacht-persoon' }, channel(), ['category'], NOW).refused).toBe('category_not_accepted');
    expect(previewShare(taxonomy, { ...report, category: 'verdacht-persoon' }, channel(ChannelType.CHANNEL_POLICE), ['category'], NOW).refused).toBeNull();
    expect(previewShare(taxonomy, { ...report, happenedAtMs: NOW - 40 * 86_400_000 }, channel(), ['category', 'time'], NOW).refused).toBe('time_too_old');
  });
});
