-- 0020: where a request is and what it shows, as Open311 clients send them (address_string, address_id, zipcode,
-- media_url) and read them back; kept apart from the description so that they are returned as fields.

ALTER TABLE "Requests" ADD COLUMN "Address" TEXT NULL;
ALTER TABLE "Requests" ADD COLUMN "AddressId" TEXT NULL;
ALTER TABLE "Requests" ADD COLUMN "Zipcode" TEXT NULL;
ALTER TABLE "Requests" ADD COLUMN "MediaUrl" TEXT NULL;
