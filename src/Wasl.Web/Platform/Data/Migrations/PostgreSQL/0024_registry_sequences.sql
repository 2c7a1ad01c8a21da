-- 0024: gap-free registry numbers per (unit, year, kind) (issue 12). One row per counter, incremented inside the
-- transaction that saves the document (see Platform/References/RegistrySequences.cs), so a rollback returns the number.

CREATE TABLE "RegistrySequences" (
    "UnitId" integer NOT NULL,
    "Year" integer NOT NULL,
    "Kind" character varying(32) NOT NULL,
    "Last" bigint NOT NULL,
    CONSTRAINT "PK_RegistrySequences" PRIMARY KEY ("UnitId", "Year", "Kind"),
    CONSTRAINT "FK_RegistrySequences_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);
