/**
 * An identity API for a signed-in user whose ownership references come from `ownership`, so a
 * test can make them arrive late or fail, as they can on a first load.
 */
export function identityApiOwning(ownership: () => Promise<string[]>) {
  return {
    getBackstageIdentity: async () => ({
      type: 'user' as const,
      userEntityRef: 'user:default/ada',
      ownershipEntityRefs: await ownership(),
    }),
    getProfileInfo: async () => ({}),
    getCredentials: async () => ({}),
    signOut: async () => {},
  };
}
