import { randomBytes } from 'node:crypto';
import { notFound, validationFailed } from './errors';
import type { StoreContext } from './StoreContext';
import type {
  AccountRecord,
  AccountType,
  OrgMembershipRecord,
  TeamMembershipRecord,
  TeamRecord,
} from './types';

export interface CreateUserInput {
  login: string;
  type?: Exclude<AccountType, 'Organization'>;
  name?: string | null;
  email?: string | null;
  company?: string | null;
  location?: string | null;
  bio?: string | null;
  siteAdmin?: boolean;
  createdAt?: string;
}

export interface CreateOrganizationInput {
  login: string;
  name?: string | null;
  description?: string | null;
  email?: string | null;
  createdAt?: string;
  members?: Array<{ login: string; role?: OrgMembershipRecord['role'] }>;
}

export interface CreateTeamInput {
  org: string;
  name: string;
  slug?: string;
  description?: string | null;
  privacy?: TeamRecord['privacy'];
  parentSlug?: string;
  createdAt?: string;
  members?: Array<{ login: string; role?: TeamMembershipRecord['role'] }>;
}

const LOGIN_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

export function teamSlugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Users, bots, organizations, their memberships, teams and access tokens. */
export class AccountsStore {
  readonly #context: StoreContext;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  createUser(input: CreateUserInput): AccountRecord {
    return this.#createAccount(input.type ?? 'User', input);
  }

  createOrganization(input: CreateOrganizationInput): AccountRecord {
    const org = this.#createAccount('Organization', {
      login: input.login,
      name: input.name,
      email: input.email,
      createdAt: input.createdAt,
    });
    org.description = input.description ?? null;
    for (const member of input.members ?? []) {
      this.setOrgMembership(org.login, member.login, member.role ?? 'member');
    }
    return org;
  }

  #createAccount(type: AccountType, input: CreateUserInput): AccountRecord {
    if (!LOGIN_PATTERN.test(input.login)) {
      throw validationFailed({
        resource: type === 'Organization' ? 'Organization' : 'User',
        code: 'invalid',
        field: 'login',
      });
    }
    if (this.#context.findAccount(input.login)) {
      throw validationFailed({
        resource: type === 'Organization' ? 'Organization' : 'User',
        code: 'already_exists',
        field: 'login',
        message: 'login has already been taken',
      });
    }
    const createdAt = input.createdAt ?? this.#context.now();
    const account: AccountRecord = {
      id: this.#context.state.nextId('account'),
      login: input.login,
      type,
      name: input.name ?? null,
      email: input.email ?? null,
      company: input.company ?? null,
      location: input.location ?? null,
      bio: input.bio ?? null,
      blog: '',
      description: null,
      siteAdmin: input.siteAdmin ?? false,
      createdAt,
      updatedAt: createdAt,
    };
    this.#context.data.accounts.push(account);
    this.#context.changed();
    return account;
  }

  get(login: string): AccountRecord | undefined {
    return this.#context.findAccount(login);
  }

  getById(id: number): AccountRecord | undefined {
    return this.#context.data.accounts.find(account => account.id === id);
  }

  /** Commit authors are matched to accounts by email, including GitHub's noreply form. */
  findByEmail(email: string): AccountRecord | undefined {
    const normalized = email.toLowerCase();
    const noreply = /^(?:\d+\+)?([^@]+)@users\.noreply\./.exec(normalized);
    return this.#context.data.accounts.find(
      account =>
        account.email?.toLowerCase() === normalized ||
        (noreply !== null && account.login.toLowerCase() === noreply[1]),
    );
  }

  list(type?: AccountType): AccountRecord[] {
    return this.#context.data.accounts.filter(
      account => !type || account.type === type,
    );
  }

  setOrgMembership(
    orgLogin: string,
    userLogin: string,
    role: OrgMembershipRecord['role'],
  ): void {
    const org = this.#requireOrganization(orgLogin);
    const user = this.#context.requireAccount(userLogin);
    const memberships = this.#context.data.orgMemberships;
    const existing = memberships.find(
      m => m.orgId === org.id && m.userId === user.id,
    );
    if (existing) {
      existing.role = role;
    } else {
      memberships.push({ orgId: org.id, userId: user.id, role });
    }
    this.#context.changed();
  }

  orgRole(
    orgId: number,
    userId: number,
  ): OrgMembershipRecord['role'] | undefined {
    return this.#context.data.orgMemberships.find(
      m => m.orgId === orgId && m.userId === userId,
    )?.role;
  }

  listOrgMembers(
    orgLogin: string,
  ): Array<{ account: AccountRecord; role: OrgMembershipRecord['role'] }> {
    const org = this.#requireOrganization(orgLogin);
    return this.#context.data.orgMemberships
      .filter(m => m.orgId === org.id)
      .map(m => ({
        account: this.#context.accountById(m.userId),
        role: m.role,
      }));
  }

  organizationsOf(userId: number): AccountRecord[] {
    return this.#context.data.orgMemberships
      .filter(m => m.userId === userId)
      .map(m => this.#context.accountById(m.orgId));
  }

  createTeam(input: CreateTeamInput): TeamRecord {
    const org = this.#requireOrganization(input.org);
    const slug = input.slug ?? teamSlugOf(input.name);
    if (this.getTeam(org.login, slug)) {
      throw validationFailed({
        resource: 'Team',
        code: 'custom',
        field: 'name',
        message: 'Name must be unique for this org',
      });
    }
    const parent = input.parentSlug
      ? this.getTeam(org.login, input.parentSlug)
      : undefined;
    if (input.parentSlug && !parent) {
      throw validationFailed({
        resource: 'Team',
        code: 'invalid',
        field: 'parent_team_id',
      });
    }
    const createdAt = input.createdAt ?? this.#context.now();
    const team: TeamRecord = {
      id: this.#context.state.nextId('team'),
      orgId: org.id,
      name: input.name,
      slug,
      description: input.description ?? null,
      privacy: input.privacy ?? 'closed',
      parentTeamId: parent?.id ?? null,
      createdAt,
      updatedAt: createdAt,
    };
    this.#context.data.teams.push(team);
    this.#context.changed();
    for (const member of input.members ?? []) {
      this.setTeamMembership(org.login, slug, member.login, member.role);
    }
    return team;
  }

  getTeam(orgLogin: string, slug: string): TeamRecord | undefined {
    const org = this.#context.findAccount(orgLogin);
    if (!org || org.type !== 'Organization') {
      return undefined;
    }
    return this.#context.data.teams.find(
      team => team.orgId === org.id && team.slug === slug.toLowerCase(),
    );
  }

  getTeamById(id: number): TeamRecord | undefined {
    return this.#context.data.teams.find(team => team.id === id);
  }

  listTeams(orgLogin: string): TeamRecord[] {
    const org = this.#requireOrganization(orgLogin);
    return this.#context.data.teams.filter(team => team.orgId === org.id);
  }

  setTeamMembership(
    orgLogin: string,
    slug: string,
    userLogin: string,
    role: TeamMembershipRecord['role'] = 'member',
  ): void {
    const team = this.getTeam(orgLogin, slug);
    if (!team) {
      throw notFound();
    }
    const user = this.#context.requireAccount(userLogin);
    if (!this.orgRole(team.orgId, user.id)) {
      this.setOrgMembership(orgLogin, userLogin, 'member');
    }
    const memberships = this.#context.data.teamMemberships;
    const existing = memberships.find(
      m => m.teamId === team.id && m.userId === user.id,
    );
    if (existing) {
      existing.role = role;
    } else {
      memberships.push({ teamId: team.id, userId: user.id, role });
    }
    this.#context.changed();
  }

  listTeamMembers(
    teamId: number,
  ): Array<{ account: AccountRecord; role: TeamMembershipRecord['role'] }> {
    return this.#context.data.teamMemberships
      .filter(m => m.teamId === teamId)
      .map(m => ({
        account: this.#context.accountById(m.userId),
        role: m.role,
      }));
  }

  /** Includes parent teams: on GitHub a child team inherits its parents' access. */
  teamsOf(userId: number): TeamRecord[] {
    const direct = this.#context.data.teamMemberships
      .filter(m => m.userId === userId)
      .map(m => this.getTeamById(m.teamId))
      .filter((team): team is TeamRecord => team !== undefined);
    const result = new Map<number, TeamRecord>();
    for (const team of direct) {
      let current: TeamRecord | undefined = team;
      while (current && !result.has(current.id)) {
        result.set(current.id, current);
        current =
          current.parentTeamId === null
            ? undefined
            : this.getTeamById(current.parentTeamId);
      }
    }
    return [...result.values()];
  }

  /** Registers a personal access token for a user; generates one when omitted. */
  addToken(
    login: string,
    token: string = `ghp_${randomBytes(18).toString('hex')}`,
    scopes: string[] = ['repo', 'workflow', 'admin:org', 'user'],
  ): string {
    const user = this.#context.requireAccount(login);
    const tokens = this.#context.data.tokens.filter(t => t.token !== token);
    tokens.push({ token, userId: user.id, scopes });
    this.#context.data.tokens = tokens;
    this.#context.changed();
    return token;
  }

  resolveToken(
    token: string,
  ): { account: AccountRecord; scopes: string[] } | undefined {
    const record = this.#context.data.tokens.find(t => t.token === token);
    if (!record) {
      return undefined;
    }
    return {
      account: this.#context.accountById(record.userId),
      scopes: record.scopes,
    };
  }

  #requireOrganization(login: string): AccountRecord {
    const org = this.#context.findAccount(login);
    if (!org || org.type !== 'Organization') {
      throw notFound();
    }
    return org;
  }
}
