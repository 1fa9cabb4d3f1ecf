/** The policy's schema lives in shared/domain (the contract validates Settings edits with it); the engine re-exports it. */
export { roleOrTeamSchema, policyMappingSchema, policySchema, DEFAULT_POLICY, parsePolicy, terminationTimeZoneOf, type RoleOrTeam, type PolicyMapping, type Policy, type PolicyInput } from '../../../shared/domain/policy';
