// Calls the frontend's own server actions and users route (FE:src/actions/*, src/app/api/users/current)
// against LeaseLine, in the order its pages do, and prints one line: LEASELINE_RESULT <json>.
import * as agents from '@/actions/agent-actions'
import * as calendar from '@/actions/calendar-actions'
import * as dashboard from '@/actions/dashboard-actions'
import * as rentals from '@/actions/rental-actions'
import * as vapi from '@/actions/vapi-actions'
import { GET as currentUser } from '@/app/api/users/current/route'

const API = process.env.NEXT_PUBLIC_API_URL
const results = {}
console.log = () => {} // the frontend logs every call; only the result line is printed

async function step(name, call) {
  try {
    const value = await call()
    results[name] = { ok: true, value }
    return value
  } catch (error) {
    results[name] = { ok: false, error: String(error?.message || error) }
    return undefined
  }
}

await step('H1 health', async () => (await fetch(`${API}/health`)).status)
await step('H2 root', () => vapi.getBackendHealth())
await step('U1 users/me via the users route', async () => (await currentUser()).json())
await step('C1 calendar status', () => calendar.checkCalendarAuth())
await step('C3 google start', () => calendar.getCalendarAuthURL('google', 'http://localhost:3000'))
await step('C3 microsoft start', () => calendar.getCalendarAuthURL('microsoft', 'http://localhost:3000'))
await step('A4 create agent', () => agents.createAgent({ agent_name: 'Node line', is_active: true }))
const list = await step('A1 list agents', () => agents.getAgents())
const agentId = list?.[0]?.agent_id
await step('A3 get agent', () => agents.getAgentById(agentId))
await step('A5 save agent', () =>
  agents.updateAgent(agentId, {
    agent_name: 'Node line',
    config: {
      model: { provider: 'openai', model: 'gpt-4', messages: [{ role: 'system', content: 'Be brief.' }] },
      voice: { provider: 'playht', voiceId: 'jennifer' },
      firstMessage: 'Hello from Node!',
      serverUrl: `${API}/vapi/webhook`,
    },
  }),
)
await step('A3 reload agent', () => agents.getAgentById(agentId))
await step('A7 variables', () => agents.getAgentVariables(agentId))
await step('A9 functions', () => agents.getAgentFunctions(agentId))
await step('A8 add variable', () =>
  agents.addAgentVariable(agentId, {
    variable_id: 'var_1', name: 'new_variable', display_name: 'New Variable', type: 'string',
    description: 'Description of this variable', required: false,
  }),
)
await step('A10 add function', () =>
  agents.addAgentFunction(agentId, {
    function_id: 'func_1', name: 'new_function', display_name: 'New Function',
    description: 'Description of this function', enabled: true, webhook_url: 'http://localhost:8000/legacy/vapi/webhook', method: 'POST',
  }),
)
await step('A11 assistants', () => agents.getVAPIAssistants())
await step('C6 events', () => calendar.getCalendarEvents(14))
const slots = await step('C7 availability', () => calendar.getAvailability(7, 9, 17))
const slot = slots?.available_slots?.[0]
await step('C8 book', () =>
  calendar.createCalendarEvent({
    subject: 'Property Viewing - 12 Elm St',
    start_time: slot.start_time,
    end_time: slot.end_time,
    body: 'Property viewing appointment for 12 Elm St\n\nAttendee: Casey Caller (casey@example.com)',
    attendee_email: 'casey@example.com',
  }),
)
const rental = await step('R3 create rental', () =>
  rentals.createRental({ property_address: '12 Elm St', price: 1500, bedrooms: 1, bathrooms: 1, contact_info: 'Dana' }),
)
await step('R4 update rental', () => rentals.updateRental(rental.id, { price: 1450 }))
await step('R1 available rentals (no token sent)', () => rentals.getAvailableRentals())
await step('R2 database status (no token sent)', () => rentals.getRentalsStatus())
await step('A2 dashboard', () => dashboard.getDashboardStats())
await step('R5 delete rental', () => rentals.deleteRental(rental.id))
await step('C5 disconnect microsoft', () => calendar.disconnectCalendar('microsoft'))
await step('V1 webhook test call (no secret)', () => vapi.vapiGetAvailability('1', 7))
await step('A6 delete agent', () => agents.deleteAgent(agentId))

process.stdout.write(`LEASELINE_RESULT ${JSON.stringify(results)}\n`)
