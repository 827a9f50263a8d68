import type { Knex } from 'knex';

/**
 * People who sign in to the portal for a school (services/portal/school-staff.ts): a school's
 * designated safeguarding lead, bound to ONE school by its URN. They are not practitioners and are
 * not in the cohort, so the council registers them here (`live-risk portal account school-dsl`);
 * their portal_accounts row (roles {school-dsl}) is how they sign in, this row is who they are and
 * which school's Operation Encompass notifications they may read. Portal state, not a projection.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('portal_school_staff', (t) => {
    t.text('staff_id').primary().comment('the id they sign in with; never a practitioner id');
    t.text('name').notNullable().comment('shown in the page header only');
    t.text('school_urn').notNullable().comment('the one school (URN) whose notifications they read');
    t.timestamp('registered_at', { useTz: true }).notNullable();
    t.index(['school_urn']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('portal_school_staff');
}
