// Stands in for @clerk/nextjs/server: the signed-in user's token comes from the check.
export async function auth() {
  return {
    userId: process.env.CLERK_USER_ID,
    getToken: async () => process.env.CLERK_TOKEN,
  }
}

export async function currentUser() {
  return { id: process.env.CLERK_USER_ID }
}
