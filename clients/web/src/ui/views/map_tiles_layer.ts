// The street layer of the map picker: the operator's tiles.json fetched from this page's own
// origin (never when the page talks to a server elsewhere: the ?server= development
// override), then for each view <img> tiles placed behind the cell buttons, and the
// attribution under the map. Decoration only: the images are alt="" in an aria-hidden
// layer; the grid, its labels and its keys do not change. Without a usable tiles.json
// (404, malformed, another origin) nothing is drawn.
import { servedByServer } from '../../client/server_url';
import { decodeGeohash } from '../../signals/geohash';
import { append, clear, h } from '../dom';
import { parseTileJson, tilesFor, type TileSource } from '../map_tiles';

// The grid's width until it is laid out (the layout's 360 px screen, less its margins).
const FALLBACK_WIDTH_PX = 320;

// The source, or null when there are no (usable) tiles. Never throws.
export async function loadTileSource(loc: Location): Promise<TileSource | null> {
  if (!servedByServer(loc)) return null;
  try {
    const res = await fetch('/tiles/tiles.json', { credentials: 'same-origin', cache: 'no-cache', redirect: 'error' });
    return res.ok ? parseTileJson(await res.json()) : null;
  } catch {
    return null;
  }
}

export interface TileLayer {
  el: HTMLElement; // the layer, to sit behind the grid in the same box
  attribution: HTMLElement; // the data's credit, to show under the map
  draw(view: string): void; // the tiles for this view cell, scaled to the layer's width
}

// `area` holds the layer and the grid; it is marked "map-tiled" once there is a source.
export function tileLayer(area: HTMLElement, source: Promise<TileSource | null>): TileLayer {
  const el = h('div', { class: 'map-tiles', 'aria-hidden': 'true' });
  const attribution = h('p', { class: 'hint map-attribution', hidden: true });
  let src: TileSource | null = null;
  let last: string | null = null;
  const draw = (view: string) => {
    last = view;
    if (!src) return;
    clear(el);
    for (const tile of tilesFor(decodeGeohash(view), el.clientWidth || FALLBACK_WIDTH_PX, src)) {
      const img = h('img', { src: tile.url, alt: '', draggable: 'false' });
      img.style.left = `${tile.left * 100}%`;
      img.style.top = `${tile.top * 100}%`;
      img.style.width = `${tile.width * 100}%`;
      img.style.height = `${tile.height * 100}%`;
      append(el, img);
    }
  };
  void source.then((s) => {
    if (!s) return;
    src = s;
    area.classList.add('map-tiled');
    attribution.textContent = s.attribution;
    attribution.hidden = s.attribution === '';
    if (last) draw(last);
  });
  return { el, attribution, draw };
}
