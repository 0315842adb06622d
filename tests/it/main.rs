//! Integration tests: the real app over real HTTP on a real PostgreSQL.
//! One binary, so the run shares one throwaway cluster.

mod support;

mod a11y;
mod account;
mod api;
mod api_errors;
mod audit;
mod audit_drafts;
mod auth;
mod axe;
mod binary;
mod browser;
mod checkpoint_page;
mod checkpoints;
mod demo;
mod export;
mod export_page;
mod export_xlsx;
mod forms;
mod fuzz;
mod health;
mod i18n;
mod import;
mod layers;
mod libreoffice;
mod officials;
mod openapi;
mod overview;
mod query_count;
mod rag;
mod regions;
mod register_paging;
mod reports;
mod review;
mod roles;
mod sqlx_offline;
mod terminology;
mod users;
mod webdriver;
