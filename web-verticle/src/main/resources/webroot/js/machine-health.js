/*
 * Each node's machine: SoC temperature and free data-disk space in a quiet line, and a loud one while a
 * Pi's supply is too weak, its firmware throttles, its SoC runs hot or its disk is nearly full: the
 * usual reasons behind sensors that fail at random and cards that corrupt. From /api/nodes.
 */
import { element } from './dom.js';

const HOT_SOC_C = 80;
const LOW_DISK_PERCENT = 10;

function freePercent(health) {
  return health.dataDirFreeBytes >= 0 && health.dataDirTotalBytes > 0
    ? (100 * health.dataDirFreeBytes) / health.dataDirTotalBytes
    : null;
}

function troubles(node) {
  const health = node.health;
  const found = [];
  if (health.underVoltageNow) {
    found.push('under-voltage: the power supply is too weak');
  }
  if (health.throttledNow) {
    found.push('the firmware is throttling the CPU');
  }
  if (health.socTemperatureC != null && health.socTemperatureC >= HOT_SOC_C) {
    found.push(`SoC at ${health.socTemperatureC.toFixed(1)} °C`);
  }
  const free = freePercent(health);
  if (free != null && free < LOW_DISK_PERCENT) {
    found.push(`only ${free.toFixed(1)}% of the data disk free`);
  }
  return found.length === 0 ? null : `${node.name}: ${found.join(', ')}.`;
}

function summary(node) {
  const health = node.health;
  const parts = [];
  if (health.socTemperatureC != null) {
    parts.push(`SoC ${health.socTemperatureC.toFixed(1)} °C`);
  }
  const free = freePercent(health);
  if (free != null) {
    parts.push(`${Math.round(free)}% disk free`);
  }
  if (health.underVoltageSinceBoot && !health.underVoltageNow) {
    parts.push('under-voltage since boot');
  }
  return parts.length === 0 ? null : `${node.name} ${parts.join(', ')}`;
}

export function createMachineHealth(warningTarget, summaryTarget) {
  return {
    /** The body of GET /api/nodes. */
    accept(body) {
      const nodes = (body.nodes || []).filter(node => node.online && node.health);
      const warnings = nodes.map(troubles).filter(Boolean);
      warningTarget.textContent = warnings.join(' ');
      warningTarget.hidden = warnings.length === 0;
      const lines = nodes.map(summary).filter(Boolean);
      summaryTarget.replaceChildren(...(lines.length === 0 ? [] : [element('span', { text: `Machines: ${lines.join(' · ')}` })]));
      summaryTarget.hidden = lines.length === 0;
    },
  };
}
