import type { Alert } from '@prognos/core';
import { routes } from './router';

/** Marks an alert about a sensor fault (the instrument, not the machine), so nobody is sent to a healthy machine. */
export function SensorAlertBadge() {
  return (
    <span
      className="akind-sensor"
      data-testid="sensor-alert-badge"
      title="A sensor fault: the data is wrong, the machine is not affected"
    >
      sensor
    </span>
  );
}

/** "Data problem, machine not affected", with a link to the sensor's trust detail. */
export function SensorAlertNote({ alert }: { alert: Alert }) {
  const c = alert.contributions[0];
  return (
    <p className="sensor-alert-note" data-testid="sensor-alert-note">
      <span className="strong">Data problem — the machine is not affected.</span> Check or recalibrate the instrument
      {c ? (
        <>
          : <a href={routes.sensor(c.sensor)}>{c.name || c.sensor}</a>
        </>
      ) : (
        '.'
      )}
    </p>
  );
}
