-- 0007: the area each unit serves (GeoJSON polygon or multipolygon) with its bounding box, for routing reports by location.

CREATE TABLE "UnitAreas" (
    "UnitId" integer NOT NULL,
    "GeoJson" text NOT NULL,
    "MinLatitude" double precision NOT NULL,
    "MaxLatitude" double precision NOT NULL,
    "MinLongitude" double precision NOT NULL,
    "MaxLongitude" double precision NOT NULL,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_UnitAreas" PRIMARY KEY ("UnitId"),
    CONSTRAINT "FK_UnitAreas_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_UnitAreas_Box" ON "UnitAreas" ("MinLatitude", "MaxLatitude", "MinLongitude", "MaxLongitude");
