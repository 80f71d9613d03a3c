// A light entry point (`@prognos/server/roi`): the CLI writes ROI reports from the embedded store without loading
// the HTTP server and the protocol stacks.
export {
  loadRoiReport,
  parseReportRange,
  type RoiReport,
  type RoiReportFormat,
  reportFileName,
} from './report';
export { renderRoiCsv } from './report-csv';
export { renderRoiPdf } from './report-pdf';
export { RoiService } from './roi-service';
