// A photo for a report, made safe to share: decoded and drawn onto a canvas, then encoded
// again as JPEG. The new file holds only pixels: no EXIF (GPS position, camera, time), no
// XMP, no thumbnails. It is scaled and compressed until it fits MAX_PHOTO_BYTES, so that a
// report with its photo fits one group message and one share.
export const MAX_PHOTO_BYTES = 24 * 1024;
const MAX_SIDE = 960;
const MIN_SIDE = 160;

function toJpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('cannot encode'))), 'image/jpeg', quality));
}

// Throws when the file is not an image the browser can decode.
export async function stripPhoto(file: Blob): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(file);
  let scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  try {
    for (;;) {
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      for (const quality of [0.8, 0.65, 0.5, 0.35]) {
        const blob = await toJpeg(canvas, quality);
        if (blob.size <= MAX_PHOTO_BYTES) return new Uint8Array(await blob.arrayBuffer());
      }
      if (Math.max(canvas.width, canvas.height) <= MIN_SIDE) throw new Error('too large');
      scale *= 0.7;
    }
  } finally {
    bitmap.close();
  }
}

// A data: URL for an <img> (the page's CSP allows 'self' and data: images only).
export function photoUrl(jpeg: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < jpeg.length; i += 0x8000) binary += String.fromCharCode(...jpeg.subarray(i, i + 0x8000));
  return 'data:image/jpeg;base64,' + btoa(binary);
}
