// Photos from the camera input, downscaled on the phone before they are kept: the longest side
// to at most 1600 px, JPEG quality 0.8 (a 12-megapixel photo of ~4 MB becomes ~300 KB).

export const MAX_SIDE_PX = 1600;
const QUALITY = 0.8;

/** Downscales an image file: {blob, type, width, height, bytes}; throws a Chinese message. */
export async function downscale(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(`无法读取照片「${file.name || '照片'}」：不是图片或格式不受支持`);
  }
  const scale = Math.min(1, MAX_SIDE_PX / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close?.();
  const blob = await new Promise((ok) => canvas.toBlob(ok, 'image/jpeg', QUALITY));
  if (!blob) throw new Error('照片压缩失败：手机内存可能不足，请关闭其他应用后重试');
  return { blob, type: 'image/jpeg', width, height, bytes: blob.size };
}

/** "1.2 MB" / "320 KB". */
export function formatBytes(n) {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return n > 0 ? `${Math.max(1, Math.round(n / 1024))} KB` : '0 KB';
}

/** Base64 of a blob's bytes. */
export async function blobBase64(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
