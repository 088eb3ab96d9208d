// A community's area as a form field: a geohash of 4-6 characters (the server's rule), typed
// or taken from this device's location at 5 characters (about 5 x 5 km), which the admin can
// shorten for a larger area or lengthen for a smaller one.
import { encodeGeohash, isValidGeohash } from '../../signals/geohash';
import { UserError, type AppContext } from '../context';
import { h } from '../dom';
import { t } from '../i18n';
import { askLocation } from './common';

export const MIN_AREA = 4;
export const MAX_AREA = 6;
const FROM_DEVICE = 5;

// A checked area, lower case; '' for an empty field. Throws UserError for anything else.
export function checkedArea(raw: string): string {
  const area = raw.trim().toLowerCase();
  if (area === '') return '';
  if (area.length < MIN_AREA || area.length > MAX_AREA || !isValidGeohash(area)) throw new UserError(t('err_area'));
  return area;
}

export function areaField(ctx: AppContext, id: string, initial = ''): { els: HTMLElement[]; value(): string } {
  const input = h('input', { id, type: 'text', value: initial, maxlength: MAX_AREA, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', 'aria-describedby': `${id}-hint` });
  const fromDevice = h('button', { type: 'button', class: 'secondary' }, t('area_from_device'));
  fromDevice.addEventListener('click', () => askLocation(ctx, (p) => (input.value = encodeGeohash(p.lat, p.lon, FROM_DEVICE))));
  const els = [h('label', { for: id }, t('area_label')), input, h('p', { id: `${id}-hint`, class: 'hint' }, t('area_hint')), fromDevice];
  return { els, value: () => checkedArea(input.value) };
}
