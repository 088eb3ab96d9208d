// The community map for picking a report's location, drawn here (the CSP allows nothing
// from other origins): a view cell, at first the community's area, shown as its 32 child
// cells with grid references (A1, B1, ...), the picked cell, this device's location and its
// earlier reports marked; each cell says where it lies from the area's centre. Keyboard: the
// picked cell is the one tab stop; the arrow keys move it (across the view's edge too, the
// view follows), Enter or Space picks the focused cell; zoom buttons change the cell size.
// Streets are drawn under the cells when the operator put map tiles on the server
// (map_tiles_layer.ts); the cells are then semi-transparent and the attribution shows.
import { decodeGeohash } from '../../signals/geohash';
import { append, clear, h } from '../dom';
import { lang, t, type MessageKey } from '../i18n';
import { precisionHint } from '../retention_format';
import { MAX_VIEW, MIN_VIEW, cellOf, centreOf, childCells, gridRef, offset, stepCell, type LatLon, type MapCell } from '../map_grid';
import { loadTileSource, tileLayer } from './map_tiles_layer';

export type { LatLon };

export interface MapOptions {
  area: string | null; // the community's area; null: a cell around `fallback`
  fallback: LatLon;
  marks: LatLon[]; // this device's earlier reports
  device: LatLon | null; // this device's location, if taken
  picked: LatLon | null;
  onPick: (p: LatLon, where: string) => void;
}

const KEYS: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

// "C2, 300 m north-east of the centre" (or "at the centre").
function describe(cell: MapCell, centre: LatLon): string {
  const o = offset(centre, cell.centre);
  if (!o.direction) return t('map_at_centre', { ref: gridRef(cell) });
  const km = (o.metres / 1000).toLocaleString(lang(), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const distance = o.metres < 950 ? `${Math.round(o.metres / 50) * 50} m` : `${km} km`;
  return t('map_from_centre', { ref: gridRef(cell), distance, direction: t(`map_dir_${o.direction}` as MessageKey) });
}

export function mapPicker(o: MapOptions): HTMLElement {
  let view = o.area ?? cellOf(o.fallback, 6);
  const centre = centreOf(decodeGeohash(view));
  const start = o.picked ?? o.device ?? centre;
  let cursor = cellOf(start, view.length + 1);
  if (!cursor.startsWith(view)) cursor = cellOf(centre, view.length + 1);
  let pickedAt = o.picked; // a point, so the marker survives zooming
  const grid = h('div', { class: 'map-grid', role: 'grid', 'aria-label': t('report_map') });
  const caption = h('p', { class: 'hint map-caption' });
  const area = h('div', { class: 'map-area' });
  const tiles = tileLayer(area, loadTileSource(location));
  append(area, tiles.el, grid);

  const pick = (cell: MapCell) => {
    pickedAt = cell.centre;
    o.onPick(cell.centre, describe(cell, centre));
  };
  const markOf = (cell: MapCell): { cls: string; text: string; label: string } => {
    const has = (p: LatLon | null) => p !== null && cellOf(p, cell.hash.length) === cell.hash;
    if (has(pickedAt)) return { cls: ' picked', text: '◉', label: t('map_picked') };
    if (has(o.device)) return { cls: ' device', text: '⌖', label: t('map_device') };
    if (o.marks.some(has)) return { cls: ' marked', text: '•', label: t('map_earlier') };
    return { cls: '', text: '', label: '' };
  };

  const render = (focus: boolean) => {
    const { cols, cells } = childCells(view);
    clear(grid);
    grid.style.setProperty('--map-cols', String(cols));
    let row: HTMLElement | null = null;
    for (const cell of cells) {
      if (cell.col === 0) append(grid, (row = h('div', { role: 'row', class: 'map-row' })));
      const mark = markOf(cell);
      const label = describe(cell, centre) + (mark.label ? `, ${mark.label}` : '');
      const button = h('button', { type: 'button', role: 'gridcell', class: `map-cell${mark.cls}`, tabindex: cell.hash === cursor ? '0' : '-1', 'aria-label': label, 'aria-selected': String(mark.cls === ' picked') }, h('span', { class: 'map-ref' }, gridRef(cell)), mark.text);
      button.addEventListener('click', () => ((cursor = cell.hash), pick(cell), render(true)));
      button.addEventListener('keydown', (e) => onKey(e, cell));
      append(row!, button);
    }
    caption.textContent = t('map_caption', { size: precisionHint(view.length + 1) });
    tiles.draw(view);
    if (focus) (grid.querySelector('[tabindex="0"]') as HTMLElement | null)?.focus();
  };

  const onKey = (e: KeyboardEvent, cell: MapCell) => {
    const step = KEYS[e.key];
    if (!step) return;
    e.preventDefault();
    const next = stepCell(cell.hash, step[0], step[1]);
    if (!next) return;
    cursor = next;
    view = next.slice(0, -1);
    const moved = childCells(view).cells.find((c) => c.hash === next)!;
    pick(moved);
    render(true);
  };

  const zoom = (d: number) => {
    const length = view.length + d;
    if (length < MIN_VIEW || length > MAX_VIEW) return;
    view = d > 0 ? cursor.slice(0, length) : view.slice(0, length);
    const inner = cellOf(centreOf(decodeGeohash(cursor)), length + 1);
    cursor = d > 0 ? inner : cursor.slice(0, length + 1);
    render(false);
  };
  const controls = h(
    'div',
    { class: 'map-controls' },
    h('button', { type: 'button', class: 'map-pan', onclick: () => zoom(1) }, t('report_map_zoom_in')),
    h('button', { type: 'button', class: 'map-pan', onclick: () => zoom(-1) }, t('report_map_zoom_out')),
  );
  const legend = h('p', { class: 'hint map-legend' }, t('map_legend'));
  render(false);
  return h('div', { class: 'map' }, caption, h('p', { class: 'map-north', 'aria-hidden': 'true' }, t('map_north_up')), area, tiles.attribution, legend, controls, ...(o.area ? [] : [h('p', { class: 'hint' }, t('map_no_area'))]));
}
