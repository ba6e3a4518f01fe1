// Picks the network controller for the runtime: the simulator's own when the event source is the simulated network.
import type { EventModel } from '../../pipelines/simulator/eventModel.js';
import { SimulatedNetworkController } from '../../pipelines/simulator/simulatedController.js';
import type { ControllerResult, NetworkController } from '../../pipelines/heal/networkController.js';
import type { EventGenerator } from '../../pipelines/sources/eventGenerator.js';

function isSimulatedNetwork(g: EventGenerator): g is EventGenerator & Pick<EventModel, 'faultsBetween' | 'setMitigation'> {
  const x = g as Partial<EventModel>;
  return typeof x.setMitigation === 'function' && typeof x.faultsBetween === 'function';
}

/** Without a controller, runbooks fail loudly and tickets escalate to humans. */
class NoController implements NetworkController {
  async execute(): Promise<ControllerResult> { return { executed: false, detail: 'no network controller configured' }; }
}

export function controllerFor(g: EventGenerator, now: () => number): NetworkController {
  return isSimulatedNetwork(g) ? new SimulatedNetworkController(g, now) : new NoController();
}
