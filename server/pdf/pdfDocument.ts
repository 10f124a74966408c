import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';

/**
 * A small PDF helper: an A4 document with a CJK font registered, rendered to a Buffer.
 *
 * The font is Noto Sans CJK from the Debian package `fonts-noto-cjk` (CI installs it). Its path is
 * `PDF_FONT_PATH` (default below); a `.ttc` collection also needs the face's PostScript name,
 * `PDF_FONT_NAME` (default the Simplified Chinese face). A missing font fails loudly with the path
 * and the fix, rather than producing a PDF of empty boxes.
 */
export const DEFAULT_PDF_FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const DEFAULT_PDF_FONT_NAME = 'NotoSansCJKsc-Regular';
export const PDF_FONT = 'cjk';

export class PdfFontMissingError extends Error {
  constructor(readonly fontPath: string) {
    super(`PDF font not found at ${fontPath}: install the Debian package fonts-noto-cjk, or set PDF_FONT_PATH to a CJK .ttf/.otf/.ttc file`);
    this.name = 'PdfFontMissingError';
  }
}

export interface PdfFont {
  path: string;
  /** Face inside a .ttc collection; undefined for single-font files. */
  name: string | undefined;
}

/** Reads the font settings from the environment (at call time, so tests can point elsewhere). */
export function pdfFontFromEnv(env: NodeJS.ProcessEnv = process.env): PdfFont {
  const path = env.PDF_FONT_PATH?.trim() || DEFAULT_PDF_FONT_PATH;
  const name = /\.ttc$/i.test(path) ? env.PDF_FONT_NAME?.trim() || DEFAULT_PDF_FONT_NAME : undefined;
  return { path, name };
}

export type PdfDoc = InstanceType<typeof PDFDocument>;

/**
 * Builds a PDF: `draw` writes onto a fresh A4 document whose default font is the CJK font;
 * resolves with the finished bytes.
 */
export function renderPdf(input: { title: string; author?: string; draw: (doc: PdfDoc) => void; font?: PdfFont }): Promise<Buffer> {
  const font = input.font ?? pdfFontFromEnv();
  if (!existsSync(font.path)) return Promise.reject(new PdfFontMissingError(font.path));
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: input.title, Author: input.author ?? '居民健康存折', Creator: '居民健康存折' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      if (font.name) doc.registerFont(PDF_FONT, font.path, font.name);
      else doc.registerFont(PDF_FONT, font.path);
      doc.font(PDF_FONT);
      input.draw(doc);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

export interface PdfColumn {
  header: string;
  widthPt: number;
}

/**
 * A simple table: a header row (repeated on every new page), then rows whose cells wrap; a row
 * that would cross the bottom margin starts a new page. `colorOf` colours a row's text (urgent rows red).
 */
export function drawTable(doc: PdfDoc, input: { columns: PdfColumn[]; rows: string[][]; fontSizePt?: number; colorOf?: (rowIndex: number) => string }): void {
  const fontSizePt = input.fontSizePt ?? 9;
  const paddingPt = 3;
  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const rowHeight = (cells: string[]) =>
    Math.max(...cells.map((cell, i) => doc.fontSize(fontSizePt).heightOfString(cell || ' ', { width: (input.columns[i]?.widthPt ?? 60) - 2 * paddingPt }))) + 2 * paddingPt;

  const drawRow = (cells: string[], y: number, height: number, options: { header: boolean; color: string }) => {
    let x = left;
    if (options.header) doc.rect(left, y, input.columns.reduce((sum, c) => sum + c.widthPt, 0), height).fill('#e8edf3');
    doc.fillColor(options.color).fontSize(fontSizePt);
    cells.forEach((cell, i) => {
      const width = input.columns[i]?.widthPt ?? 60;
      doc.text(cell, x + paddingPt, y + paddingPt, { width: width - 2 * paddingPt });
      x += width;
    });
    doc
      .moveTo(left, y + height)
      .lineTo(x, y + height)
      .lineWidth(0.5)
      .strokeColor('#9aa1a9')
      .stroke();
  };

  const headers = input.columns.map((c) => c.header);
  let y = doc.y;
  const drawHeader = () => {
    const h = rowHeight(headers);
    drawRow(headers, y, h, { header: true, color: '#111111' });
    y += h;
  };
  drawHeader();
  input.rows.forEach((cells, index) => {
    const h = rowHeight(cells);
    if (y + h > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
      drawHeader();
    }
    drawRow(cells, y, h, { header: false, color: input.colorOf?.(index) ?? '#111111' });
    y += h;
  });
  doc.fillColor('#111111');
  doc.x = left;
  doc.y = y + 8;
}
