/**
 * ROI reports: GET /api/roi/report.pdf and GET /api/roi/report.csv, the business case and the evidence ledger over
 * [from, to) (the ledger's default period when absent), as a download named after the day it was generated.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { loadRoiReport, parseReportRange, type RoiReportFormat, reportFileName } from '../roi/report';
import { renderRoiCsv } from '../roi/report-csv';
import { renderRoiPdf } from '../roi/report-pdf';
import type { AppContext } from './context';
import { errorResponses } from './schemas';

const noSchemaCheck = { validatorCompiler: () => () => true } as const;

const timeParam = {
  description: 'Epoch milliseconds or an ISO 8601 time',
  anyOf: [{ type: 'number' }, { type: 'string' }],
} as const;

const CONTENT_TYPE: Record<RoiReportFormat, string> = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
};

export function roiReportRoutes(app: FastifyInstance, ctx: AppContext): void {
  const report = (format: RoiReportFormat) =>
    app.get<{ Querystring: { from?: string; to?: string } }>(
      `/api/roi/report.${format}`,
      {
        schema: {
          tags: ['roi'],
          summary:
            format === 'pdf'
              ? 'ROI report as PDF: business case, scenarios, charts, evidence ledger and how each figure was computed'
              : 'ROI report as CSV (RFC 4180, UTF-8): one section per table, numbers unrounded',
          querystring: { type: 'object', properties: { from: timeParam, to: timeParam } },
          response: {
            200: {
              description: 'The report, as an attachment named prognos-roi-report-<day>.<format>',
              content: { [CONTENT_TYPE[format].split(';')[0] ?? '']: { schema: { type: 'string', format: 'binary' } } },
            },
            ...errorResponses,
          },
        },
        ...noSchemaCheck,
      },
      async (req, reply: FastifyReply) => {
        const r = await loadRoiReport({ roi: ctx.roi, metadata: ctx.metadata }, parseReportRange(req.query));
        const body = format === 'pdf' ? await renderRoiPdf(r) : renderRoiCsv(r);
        return reply
          .header('content-type', CONTENT_TYPE[format])
          .header('content-disposition', `attachment; filename="${reportFileName(format, r.generatedAt)}"`)
          .header('cache-control', 'no-store')
          .send(body);
      },
    );
  report('pdf');
  report('csv');
}
