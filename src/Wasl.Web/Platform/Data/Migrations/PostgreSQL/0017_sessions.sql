-- Issue 11: an authenticator code is accepted once; the account remembers the last time step it accepted.
ALTER TABLE "AspNetUsers" ADD COLUMN "LastTotpTimeStep" bigint NULL;
