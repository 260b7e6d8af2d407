// Stands in for next/server: NextResponse.json is all the users route needs.
export class NextResponse extends Response {
  static json(body, init = {}) {
    const headers = { 'content-type': 'application/json', ...(init.headers || {}) }
    return new Response(JSON.stringify(body), { ...init, headers })
  }
}
