// A self-drawn map for picking a report's location without tiles from other origins (the
// CSP allows 'self' only): a 5 x 5 grid of geohash cells around a centre, with pan and zoom
// buttons; earlier reports of this device are marked so the area is recognisable. Keyboard:
// one cell is in the tab order, the arrow keys move between cells, Enter or Space picks one.
import { decodeGeohash, encodeGeohash } from '../../signals/geohash';
import { append, clear, h } from '../dom';
import { t } from '../i18n';

const SIZE = 5;
const MIN_LEVEL = 5; // about 5 km cells
const MAX_LEVEL = 8; // about 40 m cells

export interface LatLon {
  lat: number;
  lon: number;
}

export function mapPicker(center: LatLon, marks: LatLon[], onPick: (p: LatLon) => void): HTMLElement {
  let level = 7;
  let c = { ...center };
  let focusIndex = Math.floor((SIZE * SIZE) / 2);
  const grid = h('div', { class: 'map-grid', role: 'grid', 'aria-label': t('report_map') });

  const cellAt = (row: number, col: number): LatLon => {
    const box = decodeGeohash(encodeGeohash(c.lat, c.lon, level));
    const dLat = box.latMax - box.latMin;
    const dLon = box.lonMax - box.lonMin;
    const mid = (SIZE - 1) / 2;
    const lat = Math.max(-89.9, Math.min(89.9, (box.latMin + box.latMax) / 2 + (mid - row) * dLat));
    return { lat, lon: ((((box.lonMin + box.lonMax) / 2 + (col - mid) * dLon + 540) % 360) - 180) };
  };

  const render = (focus: boolean) => {
    clear(grid);
    for (let row = 0; row < SIZE; row++) {
      const tr = h('div', { role: 'row', class: 'map-row' });
      for (let col = 0; col < SIZE; col++) {
        const p = cellAt(row, col);
        const hash = encodeGeohash(p.lat, p.lon, level);
        const marked = marks.some((m) => encodeGeohash(m.lat, m.lon, level) === hash);
        const index = row * SIZE + col;
        const cell = h('button', { type: 'button', role: 'gridcell', class: marked ? 'map-cell marked' : 'map-cell', tabindex: index === focusIndex ? '0' : '-1', 'aria-label': t('report_map_cell', { row: row + 1, col: col + 1 }) }, marked ? '•' : '');
        cell.addEventListener('click', () => onPick(p));
        cell.addEventListener('keydown', (e) => move(e, index));
        append(tr, cell);
      }
      append(grid, tr);
    }
    if (focus) (grid.querySelector('[tabindex="0"]') as HTMLElement | null)?.focus();
  };

  const keys: Record<string, number> = { ArrowUp: -SIZE, ArrowDown: SIZE, ArrowLeft: -1, ArrowRight: 1 };
  const move = (e: KeyboardEvent, index: number) => {
    const step = keys[e.key];
    if (step === undefined) return;
    e.preventDefault();
    const next = index + step;
    const sameRow = Math.abs(step) !== 1 || Math.floor(next / SIZE) === Math.floor(index / SIZE);
    if (next < 0 || next >= SIZE * SIZE || !sameRow) return;
    focusIndex = next;
    render(true);
  };

  const pan = (label: string, dRow: number, dCol: number) =>
    h('button', { type: 'button', class: 'map-pan', onclick: () => ((c = cellAt((SIZE - 1) / 2 + dRow, (SIZE - 1) / 2 + dCol)), render(false)) }, label);
  const zoom = (label: string, d: number) =>
    h('button', { type: 'button', class: 'map-pan', onclick: () => ((level = Math.max(MIN_LEVEL, Math.min(MAX_LEVEL, level + d))), render(false)) }, label);
  render(false);
  const controls = h('div', { class: 'map-controls' }, pan(t('report_map_north'), -1, 0), pan(t('report_map_west'), 0, -1), pan(t('report_map_east'), 0, 1), pan(t('report_map_south'), 1, 0), zoom(t('report_map_zoom_in'), 1), zoom(t('report_map_zoom_out'), -1));
  return h('div', { class: 'map' }, grid, controls);
}
