import { eq, or } from 'drizzle-orm';
import { RoleSchema } from '../shared/auth';
import { getConfig } from '../api/_lib/config';
import { openPglite, openPostgres, schema } from '../api/_lib/db';
import { setUserRole } from '../api/_lib/services/admin';

const USAGE = `Usage:
  npm run admin -- grant-role <user id | openid | demo key> <resident|volunteer|staff|admin> [community id]
  npm run admin -- list-users`;

/** Makes the first admin (and any later role change) from the command line. */
async function main() {
  const [command, who, roleArg, communityId] = process.argv.slice(2);
  const config = getConfig();
  const handle = config.databaseUrl ? await openPostgres(config.databaseUrl, 1) : await openPglite(`${config.dataDir}/pglite`);
  try {
    if (command === 'list-users') {
      const rows = await handle.db
        .select({ id: schema.users.id, role: schema.users.role, name: schema.users.displayName, openid: schema.users.openid, demoKey: schema.users.demoKey })
        .from(schema.users);
      for (const r of rows) process.stdout.write(`${r.id}  ${r.role.padEnd(9)}  ${r.name}  ${r.openid ?? r.demoKey ?? ''}\n`);
      return;
    }
    if (command !== 'grant-role' || !who || !roleArg) throw new Error(USAGE);
    const role = RoleSchema.parse(roleArg);
    const u = schema.users;
    const isUuid = /^[0-9a-f-]{36}$/i.test(who);
    const [user] = await handle.db
      .select({ id: u.id })
      .from(u)
      .where(isUuid ? eq(u.id, who) : or(eq(u.openid, who), eq(u.demoKey, who)))
      .limit(1);
    if (!user) throw new Error(`No user matches ${who}`);
    await setUserRole(handle.db, user.id, role, communityId ?? null);
    await handle.db.insert(schema.auditLog).values({
      action: 'user.role_granted',
      targetType: 'user',
      targetId: user.id,
      subjectUserId: user.id,
      actorRole: 'cli',
      detail: { to: role, via: 'cli' },
    });
    process.stdout.write(`${user.id} is now ${role}\n`);
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
