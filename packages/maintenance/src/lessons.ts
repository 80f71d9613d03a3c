import type { Lesson, LessonRef } from '@prognos/core';

/**
 * Short in-app lessons on the concepts behind alerts, health scores and predictions, linked from the "why" panels.
 * Plain words for the shop floor; the numbers are the ones the platform itself uses (ISO 10816-3 group 2 zones, a
 * 90 % RUL interval, 4–20 mA loops).
 */
export const LESSONS: readonly Lesson[] = [
  {
    id: 'vibration-basics',
    title: 'Vibration basics: RMS velocity and ISO 10816 zones',
    minutes: 4,
    summary: 'What a vibration reading in mm/s means and how ISO 10816-3 tells good from bad.',
    body: [
      'Every rotating machine vibrates a little. A sensor on the bearing housing measures how fast the housing moves back and forth; averaged over a second or so as a root-mean-square (RMS) value, that is the vibration velocity in millimetres per second (mm/s). Velocity is used because it tracks the energy that wears a machine over the usual range of running speeds (about 10 Hz to 1 kHz).',
      'ISO 10816-3 sorts readings into four zones. For a medium machine of 15–300 kW on a rigid foundation (group 2): zone A below 1.4 mm/s is a newly commissioned machine; zone B up to 2.8 mm/s is fine for unrestricted long-term running; zone C up to 4.5 mm/s is acceptable only for a limited time until a suitable stop; zone D above 4.5 mm/s is severe enough to cause damage.',
      'The trend matters as much as the zone. A machine that has run at 1.2 mm/s for a year and is now at 2.4 mm/s has doubled its vibration: still zone B, but something has changed. Prognos compares each reading with what is normal for that machine at that load, so it notices such a change long before a fixed alarm limit would.',
      'A single RMS number says how much, not why. The why is in the spectrum: vibration at 1× running speed points to unbalance, 1× and 2× with strong axial vibration to misalignment, and non-synchronous peaks to bearing defects. That is why a vibration alert asks for a spectrum or an envelope measurement before a repair.',
    ],
    keyPoints: [
      'Vibration velocity RMS in mm/s measures how hard the machine shakes.',
      'ISO 10816-3 group 2, rigid: A < 1.4, B < 2.8, C < 4.5 mm/s, D above.',
      'A doubling against the machine’s own normal is a warning even inside zone B.',
    ],
    related: ['bearing-frequencies', 'misalignment-unbalance', 'anomaly-scores'],
  },
  {
    id: 'bearing-frequencies',
    title: 'Bearing defect frequencies and the envelope spectrum',
    minutes: 5,
    summary: 'How a damaged rolling bearing gives itself away at BPFO, BPFI, BSF and FTF.',
    body: [
      'A rolling bearing has an outer race, an inner race, rolling elements (balls or rollers) and a cage. When one of them has a spall or a crack, every rolling element passing over it gives a tiny impact. These impacts repeat at a rate fixed by the bearing geometry and the shaft speed: the bearing defect frequencies.',
      'BPFO (ball pass frequency, outer race) is the rate at which elements pass a point on the outer race, typically about 0.4 × number of elements × shaft speed. BPFI (inner race) is a little higher, about 0.6 × elements × speed. BSF (ball spin frequency) shows a damaged rolling element, and FTF (fundamental train frequency, the cage speed) is a little under half the shaft speed. The bearing maker’s data or its geometry give the exact values.',
      'The impacts are weak and hide under the large vibration at running speed. The envelope (demodulation) technique filters the signal to a high frequency band where the impacts ring the structure, takes the envelope of that ringing and looks at its spectrum. A clear peak at BPFO with harmonics means outer-race damage; a peak at BPFI with sidebands at running speed means inner-race damage.',
      'Bearing damage develops in stages: first only in the envelope and ultrasound, then as a rise of the overall vibration and finally as heat and noise. A bearing found in the envelope stage can usually be replaced at the next planned stop; one that has reached the temperature stage may have days left.',
    ],
    keyPoints: [
      'A defect gives an impact at every element pass: BPFO outer race, BPFI inner race, BSF element, FTF cage.',
      'The envelope spectrum shows these impacts long before the overall level rises.',
      'Rising bearing temperature is a late symptom: plan the replacement now.',
    ],
    related: ['vibration-basics', 'temperature-overheating', 'remaining-useful-life'],
  },
  {
    id: 'misalignment-unbalance',
    title: 'Misalignment and unbalance',
    minutes: 4,
    summary: 'The two most common causes of vibration at running speed, and how to tell them apart.',
    body: [
      'Unbalance means the mass of a rotor is not evenly spread around its axis: a lost balance weight, dirt on a fan blade, erosion or wear of an impeller. The heavy spot pulls the shaft round once per revolution, so unbalance shows as radial vibration at exactly 1× running speed, with little axial vibration and a steady phase.',
      'Misalignment means the shafts of the driver and the driven machine do not form one straight line across the coupling: they are offset (parallel) or at an angle (angular). The coupling then forces the shafts to bend every revolution. It shows at 1× and 2× running speed, with high axial vibration, at both bearings next to the coupling, and it heats those bearings and the coupling.',
      'Soft foot, a machine foot that does not sit flat on its base, twists the frame when it is bolted down and ruins any alignment done on top of it; check it (below 0.05 mm) before aligning. Thermal growth matters too: a hot pump or motor grows, so the cold alignment must allow for it.',
      'Both faults are cured by a repair, not by waiting: balancing in place or in a workshop for unbalance, laser alignment to the coupling maker’s tolerance for misalignment. After the repair the vibration should be back below the ISO 10816 zone B/C boundary.',
    ],
    keyPoints: [
      'Unbalance: radial 1×, little axial vibration.',
      'Misalignment: 1× and 2×, high axial, at both coupling-side bearings, warm bearings.',
      'Check soft foot before aligning; accept the repair below zone B/C.',
    ],
    related: ['vibration-basics', 'lockout-tagout'],
  },
  {
    id: 'cavitation-pump-curves',
    title: 'Cavitation and pump curves',
    minutes: 5,
    summary: 'Why a pump starved of suction pressure damages itself, and where it should run on its curve.',
    body: [
      'A centrifugal pump adds pressure to a liquid. At the eye of the impeller the pressure is lowest; if it drops below the vapour pressure of the liquid, vapour bubbles form and then collapse violently as the pressure rises again inside the impeller. That is cavitation: it sounds like gravel in the pump, erodes the impeller and makes the flow and discharge pressure unsteady.',
      'Whether a pump cavitates depends on the margin between the suction head available (NPSHa, set by the suction tank level, the pipe losses and the liquid temperature) and the suction head the pump needs (NPSHr, from the pump curve, rising with flow). Keep NPSHa at least 0.5–1 m, or 10–30 %, above NPSHr. A blocked suction strainer, a low tank, a half-closed suction valve or a hotter liquid all reduce NPSHa.',
      'The pump curve shows head against flow. The pump is most efficient, and vibrates least, near its best efficiency point (BEP). Running far to the left (throttled, little flow) causes recirculation and heat; far to the right (high flow) raises NPSHr and invites cavitation.',
      'The typical signs in the data are a falling suction pressure, unsteady or falling discharge pressure and flow, broadband vibration rising, and sometimes a drop in motor current because less liquid is being moved.',
    ],
    keyPoints: [
      'Cavitation: vapour bubbles collapse in the impeller when suction pressure is too low.',
      'Keep NPSH available well above NPSH required; check strainer, valve and tank level first.',
      'Run near the best efficiency point of the pump curve.',
    ],
    related: ['vibration-basics', 'temperature-overheating'],
  },
  {
    id: 'temperature-overheating',
    title: 'Temperature and overheating',
    minutes: 4,
    summary: 'What bearing and winding temperatures tell you, and the limits that matter.',
    body: [
      'Heat is a by-product of losses: friction in bearings, electrical losses in windings, churning of oil. A temperature reading only means something against its normal value at the same load and ambient temperature, which is why Prognos compares it with the value its model expects for the current operating point.',
      'Rolling bearings normally run 20–40 °C above ambient; many sites alarm around 80–90 °C at the housing. A bearing that runs hotter than usual is short of lubricant, over-greased, overloaded (misalignment, a too-tight fit) or damaged. Because heat comes late in bearing damage, a temperature rise together with rising vibration is urgent.',
      'Motor windings are limited by their insulation class: class F allows 155 °C at the hottest spot, class B 130 °C. As a rule of thumb, every 10 °C above the rated temperature halves the life of the insulation. Blocked cooling fins or fan, overload, a voltage unbalance between phases or a lost phase all heat the windings.',
      'Check the cause before the symptom: clean the cooling path, measure the phase currents and voltages, and check the lubrication, rather than just raising the alarm limit.',
    ],
    keyPoints: [
      'Compare a temperature with its normal at the same load and ambient.',
      'Bearings: hotter than usual means lubrication, load or damage.',
      'Windings: every 10 °C over the rating roughly halves insulation life.',
    ],
    related: ['bearing-frequencies', 'anomaly-scores'],
  },
  {
    id: 'anomaly-scores',
    title: 'Anomaly scores, normal bands and contributions',
    minutes: 5,
    summary: 'How Prognos decides that a machine behaves abnormally, and what "3σ" and a contribution mean.',
    body: [
      'Prognos learns how each machine behaves when it is healthy: for every sensor, the value to expect given the other sensors and the operating point (load, speed, flow). The difference between what is measured and what is expected is the residual.',
      'The spread of the residuals during healthy running is measured as a standard deviation, σ (sigma). The normal band of a sensor is the expected value ± k·σ. With k = 3, a healthy machine stays inside the band about 99.7 % of the time if the residuals are roughly normally distributed, so a reading outside it is unusual; "3σ above normal" means three times the usual scatter above the expected value.',
      'The anomaly score combines the residuals of all sensors into one number, scaled so that 1 is the alert threshold. The score has to stay above 1 for a few windows before an alert opens, so a single odd reading does not raise one.',
      'The contribution of a sensor is its share of the score: a sensor with 60 % contribution carries most of the deviation. The top contributions, with their values, expected values and normal bands in engineering units, are the evidence of an alert and the input to the failure-mode ranking.',
      'An anomaly is not yet a diagnosis: it says the machine does something it has not done before. The pattern of contributions (which sensors, up or down, by how much) is matched with the typical symptoms of each failure mode to suggest the likely cause.',
    ],
    keyPoints: [
      'Normal band = expected value ± k·σ of the healthy residuals.',
      'Score 1 = alert threshold; it must persist before an alert opens.',
      'Contributions say which sensors carry the deviation; the pattern suggests the cause.',
    ],
    related: ['health-score', 'sensor-trust', 'vibration-basics'],
  },
  {
    id: 'health-score',
    title: 'The health score',
    minutes: 3,
    summary: 'What a health of 100, 70 or 30 means and what pulls it down.',
    body: [
      'The health score condenses the anomaly score of a machine into a number from 0 to 100. 100 means the machine behaves exactly like its healthy baseline; the score falls as the deviation grows, and reaches the failure threshold when the deviation is as large as a failing machine’s.',
      'Below 70 a machine is marked "watch": it deviates clearly from normal but may run on; "alarm" means an alert is open. The health of each component (bearings, motor, pump end) is computed from its own sensors, so the worst component shows where to look.',
      'The trend matters more than one value: a health falling a few points per hour is a machine on its way to failure, and the slope is what the remaining-useful-life estimate extrapolates. A steady health of 80 is a machine that runs a little differently from its baseline, for instance after a repair; retraining the model on the new normal resets it.',
      'The sensors that pull the health down are its drivers, shown with their values against their normal bands.',
    ],
    keyPoints: [
      '100 = like its healthy baseline; below 70 = watch.',
      'The worst component and the drivers show where to look.',
      'A falling trend matters more than the value itself.',
    ],
    related: ['anomaly-scores', 'remaining-useful-life'],
  },
  {
    id: 'remaining-useful-life',
    title: 'Remaining useful life and its uncertainty',
    minutes: 5,
    summary: 'What an RUL of "40 h (25–70 h)" means and how to plan with P(failure within the horizon).',
    body: [
      'The remaining useful life (RUL) is an estimate of how long a machine can run before it reaches a failure threshold, if it goes on degrading the way it does now. Prognos fits the recent trend of the health score and extends it to the threshold at which the machine counts as failed.',
      'No one knows the future exactly, so the estimate comes with an interval: "40 h (25–70 h, 90 %)" means the best estimate is 40 hours and, given the scatter of the trend, the failure point lies between 25 and 70 hours with 90 % probability. The interval is usually lopsided: a slower degradation is easier to be wrong about than a faster one. Plan by the lower bound, not by the best estimate.',
      'P(failure within the horizon) turns the same information into a risk: the probability that the threshold is reached within, say, the next 24 hours. It is the number to compare with the cost of a stop: a 30 % chance of failing before the next planned stop usually justifies acting now on a critical machine.',
      'The estimate changes as data arrives: a degradation that speeds up shortens it, a repair or a load change resets it. A wide interval means "not sure yet"; it narrows as the trend becomes clearer. The RUL is an input to planning, not a guarantee.',
    ],
    keyPoints: [
      'RUL = time until the health trend reaches the failure threshold.',
      'The 90 % interval shows how sure the estimate is; plan by its lower bound.',
      'P(failure within the horizon) is the risk to weigh against the cost of a stop.',
    ],
    related: ['health-score', 'anomaly-scores'],
  },
  {
    id: 'sensor-trust',
    title: 'Sensor trust: drift, flatline, dropout and unit errors',
    minutes: 5,
    summary: 'Why Prognos sometimes distrusts a sensor and turns its alert into a sensor alert.',
    body: [
      'A sensor can fail without the machine failing. Prognos checks every reading: a value stuck at the same number for too long (flatline: a frozen tag, a dead transmitter), no data at all (gap or dropout: a lost link, a dead gateway), values outside the physical range (a broken wire drives a 4–20 mA loop to below 4 mA or above 20 mA), sudden isolated spikes (loose contacts), noise (poor shielding or grounding), a slow drift or a step offset against what the other sensors say (calibration), and values in the wrong unit (°F sent as °C, psi as bar, a scaling factor of 10).',
      'Each sensor gets a trust state: good, suspect or bad. A suspect or bad sensor’s readings are kept but left out of the models, and the model reconstructs what the sensor should read from the other sensors.',
      'When an anomaly is carried mostly by untrusted sensors, it is reported as a sensor alert, not a machine alarm: sending a mechanic to strip a pump because a transmitter drifted wastes a day and a good bearing. The sensor alert goes to the instrument technician instead, with a check of the loop, the wiring and the calibration.',
      'A sensor stays untrusted until its data has been good again for a while, so a flickering fault does not open and close alerts every minute. After a repair or recalibration, record the as-found and as-left values in the work order.',
    ],
    keyPoints: [
      'Flatline, gaps, out-of-range, spikes, noise, drift, offsets and wrong units are instrument faults.',
      'An untrusted sensor is left out of the models; its alert goes to instrumentation, not mechanics.',
      'Check the loop (4–20 mA), wiring, configuration and calibration before touching the machine.',
    ],
    related: ['anomaly-scores', 'lockout-tagout'],
  },
  {
    id: 'lockout-tagout',
    title: 'Lockout/tagout: working safely on a machine',
    minutes: 3,
    summary: 'Why every hands-on procedure starts with isolating and proving zero energy.',
    body: [
      'Most maintenance accidents happen when a machine starts, moves or releases pressure while someone is working on it. Lockout/tagout (LOTO) prevents unexpected start-up (ISO 14118) by isolating every source of energy and keeping it isolated until the work is done.',
      'The steps: tell the operator; stop the machine normally; isolate every energy source (the motor supply at its isolator, pressure and fluid by closing and locking valves, stored energy in springs, accumulators or raised parts); fit your own lock and tag on each isolation point; release or block stored energy (vent, drain, block); then prove zero energy by trying to start the machine locally and checking the shaft cannot turn and gauges read zero.',
      'Each person working fits their own lock, and only they remove it. When the work is done: refit guards, clear tools and people, remove locks and tags, and restart with the operator.',
      'Checks on a running machine (vibration, temperature, listening) need no lockout, but guards stay on, hearing protection is worn and nothing rotating is touched. Instrument work on a live loop follows the site’s permit for electrical work; a transmitter on a pressurised process needs its isolation valves closed and vented before it is removed.',
    ],
    keyPoints: [
      'Isolate every energy source, lock and tag it, and prove zero energy.',
      'Your lock, your key: only you remove it.',
      'Running checks: guards on, hearing protection, touch nothing rotating.',
    ],
    related: ['sensor-trust', 'misalignment-unbalance'],
  },
];

const BY_ID = new Map(LESSONS.map((l) => [l.id, l]));

export function getLesson(id: string): Lesson | undefined {
  return BY_ID.get(id);
}

/** A link to a lesson ({ id, title }); unknown ids are dropped. */
export function lessonRefs(ids: readonly string[]): LessonRef[] {
  const out: LessonRef[] = [];
  for (const id of new Set(ids)) {
    const l = BY_ID.get(id);
    if (l) out.push({ id: l.id, title: l.title });
  }
  return out;
}
